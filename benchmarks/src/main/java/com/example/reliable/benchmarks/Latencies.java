package com.example.reliable.benchmarks;

import org.HdrHistogram.Recorder;

/**
 * Latencies of individual operations (a confirm, a {@code POST}, a guarded transaction), recorded
 * from any thread into an HdrHistogram with 3 significant digits, read as milliseconds.
 */
public final class Latencies {

    private final Recorder recorder = new Recorder(3);
    private org.HdrHistogram.Histogram snapshot;

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Freezes what was recorded so far; the percentiles read this snapshot. */
    public Latencies snapshot() {
        snapshot = recorder.getIntervalHistogram(snapshot);
        return this;
    }

    public long count() {
        return snapshot.getTotalCount();
    }

    public double p50Ms() {
        return percentileMs(50);
    }

    public double p99Ms() {
        return percentileMs(99);
    }

    private double percentileMs(double percentile) {
        return snapshot.getTotalCount() == 0 ? Double.NaN : snapshot.getValueAtPercentile(percentile) / 1e6;
    }
}
