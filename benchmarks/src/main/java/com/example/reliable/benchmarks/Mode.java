package com.example.reliable.benchmarks;

/** How long the benchmarks run: {@code full} for numbers worth reading, {@code smoke} to prove every scenario works. */
public enum Mode {
    FULL, SMOKE;

    static Mode parse(String text) {
        return Mode.valueOf(text.trim().toUpperCase());
    }
}
