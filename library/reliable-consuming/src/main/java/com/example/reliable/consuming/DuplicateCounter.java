package com.example.reliable.consuming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many duplicate deliveries this consumer has recognised and skipped since it started: the
 * visible trace of the producer's "send again when unsure" meeting the consumer's idempotency.
 * Published as the Micrometer counter {@code consumer.duplicates.skipped}
 * ({@code consumer_duplicates_skipped_total} in Prometheus); the services tell themselves apart by
 * the common tag {@code application} ({@code management.metrics.tags.application}).
 */
public class DuplicateCounter {

    private final Counter skipped;

    public DuplicateCounter(MeterRegistry meters) {
        this.skipped = Counter.builder("consumer.duplicates.skipped")
                .description("Duplicate deliveries recognised and skipped (acked without an effect)")
                .register(meters);
    }

    /** Counts one skipped duplicate: now, or when the current transaction commits. */
    public void increment() {
        AfterCommit.run(skipped::increment);
    }

    /** The duplicates skipped so far (a counter holds whole numbers here, so none is lost). */
    public long count() {
        return (long) skipped.count();
    }
}
