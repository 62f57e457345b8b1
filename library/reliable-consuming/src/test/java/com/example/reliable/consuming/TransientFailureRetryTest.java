package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import com.example.reliable.testsupport.LogCapture;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Which listener failures are retried in place (the message neither acked nor requeued) and which
 * are handed to the container: the database away is retried for as long as it takes, a lost race a
 * few times, anything else not at all. Through a real Spring AOP proxy, as the container applies it.
 */
class TransientFailureRetryTest {

    interface Listener {
        String handle();
    }

    /** A listener that throws the queued failures in turn, then answers "applied". */
    static final class Scripted implements Listener {
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String handle() {
            calls.incrementAndGet();
            RuntimeException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return "applied";
        }
    }

    @RegisterExtension
    final LogCapture log = new LogCapture(TransientFailureRetry.class);

    private final Scripted target = new Scripted();
    private final Listener listener = proxy(new TransientFailureRetry(Duration.ofMillis(1), Duration.ofMillis(4), 3));

    @Test
    void aDatabaseThatIsAwayIsWaitedForAsLongAsItTakes() {
        for (int i = 0; i < 10; i++) {
            target.failures.add(i % 2 == 0 ? new CannotCreateTransactionException("no connection")
                    : new DataAccessResourceFailureException("connection refused"));
        }

        assertThat(listener.handle()).isEqualTo("applied");
        assertThat(target.calls).hasValue(11);
    }

    @Test
    void eachWaitDoublesTheOneBeforeUpToTheLongest() {
        for (int i = 0; i < 5; i++) {
            target.failures.add(new CannotCreateTransactionException("no connection"));
        }

        assertThat(listener.handle()).isEqualTo("applied");
        assertThat(log.linesStartingWith("Database unavailable, retrying the message in "))
                .extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(line -> assertThat(line).endsWith(": org.springframework.transaction."
                        + "CannotCreateTransactionException: no connection"))
                .extracting(line -> line.replaceAll(":.*", ""))
                .containsExactly("Database unavailable, retrying the message in 1 ms",
                        "Database unavailable, retrying the message in 2 ms",
                        "Database unavailable, retrying the message in 4 ms",
                        "Database unavailable, retrying the message in 4 ms",
                        "Database unavailable, retrying the message in 4 ms");
    }

    @Test
    void aLostRaceIsRetriedAFewTimesThenHandedOn() {
        target.failures.add(new OptimisticLockingFailureException("version moved"));
        target.failures.add(new DataIntegrityViolationException("duplicate",
                new SQLIntegrityConstraintViolationException("uk_t_check", "23000")));
        assertThat(listener.handle()).as("won on the third try").isEqualTo("applied");

        target.calls.set(0);
        for (int i = 0; i < 5; i++) {
            target.failures.add(new OptimisticLockingFailureException("version moved"));
        }
        assertThatThrownBy(listener::handle).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(target.calls).as("conflict-attempts in all").hasValue(3);
    }

    @Test
    void anyOtherFailureIsHandedOnAtOnce() {
        target.failures.add(new IllegalStateException("a bug"));

        assertThatThrownBy(listener::handle).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(target.calls).hasValue(1);
    }

    private Listener proxy(MethodInterceptor advice) {
        var factory = new ProxyFactory(target);
        factory.addInterface(Listener.class);
        factory.addAdvice(advice);
        return (Listener) factory.getProxy();
    }
}
