package com.example.reliable.consuming;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many duplicate deliveries this consumer has recognised and skipped since it started: the
 * visible trace of the producer's "send again when unsure" meeting the consumer's idempotency.
 */
public class DuplicateCounter {

    private final AtomicLong skipped = new AtomicLong();

    public void increment() {
        skipped.incrementAndGet();
    }

    public long count() {
        return skipped.get();
    }
}
