package com.example.reliable.inventory.stock;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/** How many duplicate deliveries this instance has recognised and skipped since it started. */
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
