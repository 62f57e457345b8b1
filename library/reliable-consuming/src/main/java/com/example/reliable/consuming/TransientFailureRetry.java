package com.example.reliable.consuming;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

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
 * The waits are Spring's {@link ExponentialBackOff}: {@code initial-delay}, doubled after each
 * try, at most {@code max-delay}, no jitter, no limit of tries; one {@link BackOffExecution} per
 * message, which both kinds of retry advance. The loop is this class's own, because Spring
 * Framework's {@code RetryTemplate} (and Spring AMQP's retry interceptors, which are built on it)
 * cannot say this without changing it: a {@code RetryPolicy} judges each failure alone
 * ({@code shouldRetry(Throwable)}) and its one {@code BackOff} limits every retry alike, so "the
 * database away without limit, a lost race {@code conflict-attempts} tries in all" would need a new
 * policy with a counter for every message; a {@code RetryListener} learns of a retry only after the
 * wait, so the WARN line could not say when the next try is; and an exhausted Spring AMQP
 * interceptor hands the message to a {@code MessageRecoverer} (by default: logged and dropped, that
 * is acked) instead of throwing the failure to the container's {@link DeadLetteringErrorHandler},
 * which decides between requeue and dead-letter queue.
 */
public class TransientFailureRetry implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TransientFailureRetry.class);

    private final BackOff backOff;
    private final int conflictAttempts;

    /**
     * @param initialDelay the first wait
     * @param maxDelay the longest wait
     * @param conflictAttempts tries in all when a concurrent writer won
     */
    public TransientFailureRetry(Duration initialDelay, Duration maxDelay, int conflictAttempts) {
        ExponentialBackOff doubling = new ExponentialBackOff(initialDelay.toMillis(), 2);
        doubling.setMaxInterval(maxDelay.toMillis());
        // No maxAttempts, no maxElapsedTime: the defaults are unlimited, as long as the database is away.
        this.backOff = doubling;
        this.conflictAttempts = conflictAttempts;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        return call(() -> {
            try {
                return ((ProxyMethodInvocation) invocation).invocableClone().proceed();
            }
            catch (Exception | Error thrown) {
                throw thrown;
            }
            catch (Throwable other) { // a checked Throwable that is neither: never thrown by a listener
                throw new IllegalStateException(other);
            }
        });
    }

    /**
     * Calls {@code work} until it returns, waiting between tries while its failure is one that
     * waiting cures (see the class comment); any other failure is thrown. {@link MessageBatches}
     * calls it once per message of a batch, as the container's advice does for a single message.
     *
     * @param work one try at applying a message
     * @return what the successful try returned
     * @throws Exception the failure that waiting does not cure
     */
    public <T> T call(Callable<T> work) throws Exception {
        BackOffExecution waits = backOff.start();
        int conflicts = 0;
        while (true) {
            try {
                return work.call();
            }
            catch (Exception ex) {
                boolean unavailable = causedBy(ex, CannotCreateTransactionException.class)
                        || causedBy(ex, DataAccessResourceFailureException.class)
                        || (causedBy(ex, TransientDataAccessException.class)
                                && !causedBy(ex, ConcurrencyFailureException.class));
                boolean conflict = causedBy(ex, ConcurrencyFailureException.class)
                        || causedBy(ex, SQLIntegrityConstraintViolationException.class);
                if (!unavailable && !(conflict && ++conflicts < conflictAttempts)) {
                    throw ex;
                }
                long delay = waits.nextBackOff(); // never STOP: the backoff has no limit
                if (unavailable) {
                    log.warn("Database unavailable, retrying the message in {} ms: {}", delay, rootMessage(ex));
                }
                else {
                    log.info("Concurrent update, retrying the message (try {} of {}): {}", conflicts + 1,
                            conflictAttempts, rootMessage(ex));
                }
                Thread.sleep(delay); // backing off in the consumer's own thread is the point here
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
