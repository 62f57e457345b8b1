package com.example.reliable.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the table: a {@link Sample} per repetition, summarised as the median and the min–max of
 * the values; the latency columns are the medians of the repetitions' p50 and p99.
 *
 * @param ratioValue this row's {@link Ratio} to another row, once {@link Rows#withRatios} computed it
 */
record Row(String id, String label, String metric, double median, double min, double max, double p50Ms,
        double p99Ms, String ratioText, double ratioValue, String notes, int repetitions) {

    static Row of(List<Sample> samples) {
        Sample last = samples.get(samples.size() - 1);
        List<Double> values = samples.stream().map(Sample::value).toList();
        return new Row(last.row(), last.label(), last.metric(), median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                median(samples.stream().map(Sample::p50Ms).toList()), median(samples.stream().map(Sample::p99Ms).toList()),
                "", Double.NaN, last.notes(), samples.size());
    }

    Row withRatio(String text, double value) {
        return new Row(id, label, metric, median, min, max, p50Ms, p99Ms, text, value, notes, repetitions);
    }

    /** The median; of an even count, the mean of the middle two. {@code NaN} values are left out. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !v.isNaN()).sorted().toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
