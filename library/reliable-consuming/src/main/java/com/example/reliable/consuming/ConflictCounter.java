package com.example.reliable.consuming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the messages a consumer refused because they reuse an operation's fingerprint with other
 * data: the Micrometer counter {@code consumer.conflicts.refused}
 * ({@code consumer_conflicts_refused_total} in Prometheus). Anything above zero means a producer
 * bug or a forged message; each one is in the dead-letter queue.
 * <p>
 * A conflict counts when its message is rejected to the dead-letter queue, by the
 * {@link DeadLetteringErrorHandler}: once per refused delivery, also when the refusal was first met in a
 * batch applied in one transaction that then rolled back and applied its messages again one by one.
 */
public class ConflictCounter {

    private final Counter refused;

    public ConflictCounter(MeterRegistry meters) {
        this.refused = Counter.builder("consumer.conflicts.refused")
                .description("Messages refused because they reuse an applied operation's fingerprint with other data")
                .register(meters);
    }

    /**
     * The exception that refuses the message; the caller throws it, and the message is counted when
     * it is rejected to the dead-letter queue.
     *
     * @param reason what differs, logged and shown with the dead-lettered message's id
     */
    public OperationConflict refuse(String reason) {
        return new OperationConflict(reason);
    }

    /** Counts a refused message, rejected to the dead-letter queue because of {@code failure}, if it was a conflict. */
    void countIfConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperationConflict) {
                refused.increment();
                return;
            }
        }
    }

    public double count() {
        return refused.count();
    }
}
