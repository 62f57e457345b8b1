package com.example.reliable.consuming;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Retries a listener call, in the consumer's thread, while its failure is one that waiting cures.
 * The message is neither acked nor requeued meanwhile, so it does not count towards the queue's
 * delivery limit and cannot end in the dead-letter queue because the database was away.
 * <ul>
 * <li>the database cannot be reached ({@link CannotCreateTransactionException},
 * {@link DataAccessResourceFailureException}, other {@link TransientDataAccessException}s) → retried
 * with exponential backoff for as long as it takes;</li>
 * <li>a concurrent writer won (optimistic lock, deadlock, or a unique key taken by a row inserted at
 * the same moment, SQLSTATE 23xxx) → retried a few times: on the next try the handler sees the winner's row and
 * recognises a duplicate;</li>
 * <li>anything else (a value the database refuses, a bug) → thrown: the container requeues the message, and the delivery limit sends a
 * message that keeps failing to the dead-letter queue.</li>
 * </ul>
 */
public class TransientFailureRetry implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TransientFailureRetry.class);

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int conflictAttempts;

    public TransientFailureRetry(Duration initialDelay, Duration maxDelay, int conflictAttempts) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.conflictAttempts = conflictAttempts;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        long delay = initialDelay.toMillis();
        int conflicts = 0;
        while (true) {
            try {
                return ((ProxyMethodInvocation) invocation).invocableClone().proceed();
            }
            catch (Exception ex) {
                boolean unavailable = causedBy(ex, CannotCreateTransactionException.class)
                        || causedBy(ex, DataAccessResourceFailureException.class)
                        || (causedBy(ex, TransientDataAccessException.class)
                                && !causedBy(ex, ConcurrencyFailureException.class));
                boolean conflict = causedBy(ex, ConcurrencyFailureException.class)
                        || causedBy(ex, SQLIntegrityConstraintViolationException.class);
                if (unavailable) {
                    log.warn("Database unavailable, retrying the message in {} ms: {}", delay, rootMessage(ex));
                }
                else if (conflict && ++conflicts < conflictAttempts) {
                    log.info("Concurrent update, retrying the message (try {} of {}): {}", conflicts + 1,
                            conflictAttempts, rootMessage(ex));
                }
                else {
                    throw ex;
                }
                Thread.sleep(delay); // backing off in the consumer's own thread is the point here
                delay = Math.min(delay * 2, maxDelay.toMillis());
            }
        }
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
