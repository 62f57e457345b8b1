package com.example.reliable.consuming;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many duplicate deliveries this consumer has recognised and skipped since it started: the
 * visible trace of the producer's "send again when unsure" meeting the consumer's idempotency.
 * Published as the Micrometer counter {@code consumer.duplicates.skipped}
 * ({@code consumer_duplicates_skipped_total} in Prometheus); the services tell themselves apart by
 * the common tag {@code application} ({@code management.metrics.tags.application}).
 */
public class DuplicateCounter {

    private final AtomicLong skipped = new AtomicLong();

    public DuplicateCounter(MeterRegistry meters) {
        FunctionCounter.builder("consumer.duplicates.skipped", skipped, AtomicLong::get)
                .description("Duplicate deliveries recognised and skipped (acked without an effect)")
                .register(meters);
    }

    public void increment() {
        skipped.incrementAndGet();
    }

    public long count() {
        return skipped.get();
    }
}
