package com.example.reliable.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table printed to stdout: the machine first, then one line per row with the median and min–max
 * over the repetitions, the latency percentiles, the ratio and the notes.
 */
final class ResultTable {

    private static final String[] HEADER = { "scenario", "metric", "median", "min–max", "p50 ms", "p99 ms", "ratio",
            "notes" };

    private ResultTable() {
    }

    static String render(Settings settings, Map<String, String> machine, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("Benchmarks, mode ").append(settings.mode().name().toLowerCase()).append(": ")
                .append(settings.repetitions()).append(" repetition(s) after a warm-up\n");
        machine.forEach((key, value) -> out.append(String.format("  %-9s %s%n", key, value)));
        out.append('\n');
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row row : rows) {
            lines.add(new String[] { row.label(), row.metric(), Format.number(row.median()),
                    Format.number(row.min()) + "–" + Format.number(row.max()), Format.number(row.p50Ms()),
                    Format.number(row.p99Ms()), row.ratioText(), row.notes() });
        }
        int[] widths = new int[HEADER.length - 1];
        for (String[] line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                boolean number = i >= 2 && i <= 5;
                String cell = number ? " ".repeat(widths[i] - line[i].length()) + line[i]
                        : line[i] + " ".repeat(widths[i] - line[i].length());
                text.append(cell).append(" | ");
            }
            out.append(text).append(line[HEADER.length - 1]).append('\n');
        }
        return out.toString();
    }
}
