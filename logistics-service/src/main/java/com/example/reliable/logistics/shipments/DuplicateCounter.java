package com.example.reliable.logistics.shipments;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/** How many duplicate or outdated events this instance has skipped since it started. */
@Component
class DuplicateCounter {

    private final AtomicLong skipped = new AtomicLong();

    void increment() {
        skipped.incrementAndGet();
    }

    long count() {
        return skipped.get();
    }
}
