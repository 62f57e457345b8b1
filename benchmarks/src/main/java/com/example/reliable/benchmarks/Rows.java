package com.example.reliable.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the samples of every repetition into {@link Row}s, in the order they first appeared, and
 * computes the ratios the rows state to each other once all rows are known.
 */
final class Rows {

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, Ratio> ratios = new LinkedHashMap<>();

    void add(Sample sample) {
        samples.computeIfAbsent(sample.row(), id -> new ArrayList<>()).add(sample);
        if (sample.ratio() != null) {
            ratios.put(sample.row(), sample.ratio());
        }
    }

    List<Row> withRatios() {
        Map<String, Row> rows = new LinkedHashMap<>();
        samples.forEach((id, list) -> rows.put(id, Row.of(list)));
        List<Row> result = new ArrayList<>();
        for (Row row : rows.values()) {
            Ratio ratio = ratios.get(row.id());
            Row other = ratio == null ? null : rows.get(ratio.to());
            if (other == null) {
                result.add(row);
                continue;
            }
            double value = ratio.basis() == Ratio.Basis.P99 ? row.p99Ms() / other.p99Ms() : row.median() / other.median();
            String basis = ratio.basis() == Ratio.Basis.P99 ? "p99 " : "";
            result.add(row.withRatio(String.format("%s%s ÷ %s", basis, Format.number(value) + "×", ratio.to()), value));
        }
        return result;
    }
}
