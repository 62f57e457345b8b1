package com.example.reliable.benchmarks;

/**
 * One repetition's measurement of one row of the table.
 *
 * @param row a short, stable id ({@code "c-async"}), which other rows' {@link Ratio}s name
 * @param label what the table shows in its scenario column
 * @param metric the measured value's name and unit ({@code "msg/s"}, {@code "µs/message"})
 * @param value the measured value
 * @param p50Ms median latency of the individual operations in this repetition, in ms ({@code NaN}: none)
 * @param p99Ms 99th percentile of the same, in ms ({@code NaN}: none)
 * @param notes what the number means or what limits it; counts that prove the run was sound
 * @param ratio the ratio this row states to another row, or {@code null}
 */
public record Sample(String row, String label, String metric, double value, double p50Ms, double p99Ms,
        String notes, Ratio ratio) {

    /** A row without latencies. */
    public static Sample of(String row, String label, String metric, double value, String notes) {
        return new Sample(row, label, metric, value, Double.NaN, Double.NaN, notes, null);
    }

    public Sample withRatio(Ratio ratio) {
        return new Sample(row, label, metric, value, p50Ms, p99Ms, notes, ratio);
    }
}
