package com.example.reliable.consuming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the messages a consumer refused because they reuse an operation's fingerprint with other
 * data: the Micrometer counter {@code consumer.conflicts.refused}
 * ({@code consumer_conflicts_refused_total} in Prometheus). Anything above zero means a producer
 * bug or a forged message; each one is in the dead-letter queue.
 */
public class ConflictCounter {

    private final Counter refused;

    public ConflictCounter(MeterRegistry meters) {
        this.refused = Counter.builder("consumer.conflicts.refused")
                .description("Messages refused because they reuse an applied operation's fingerprint with other data")
                .register(meters);
    }

    /**
     * Counts a conflict and returns the exception that refuses the message; the caller throws it.
     *
     * @param reason what differs, logged and shown with the dead-lettered message's id
     */
    public OperationConflict refuse(String reason) {
        refused.increment();
        return new OperationConflict(reason);
    }

    public double count() {
        return refused.count();
    }
}
