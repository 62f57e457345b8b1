package com.example.reliable.system.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.reliable.system.fault.DeadLetters.DeadLetter;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's result, one row per scenario: orders accepted, and of those lost, applied twice,
 * stranded in SENDING; records that went FAILED; duplicates the consumers absorbed; messages
 * dead-lettered. Printed as a table and written as JSON ({@code target/fault-report.json}) with
 * the details behind every number.
 */
final class FaultReport {

    private final String size;
    private final Instant started = Instant.now();
    private final List<Row> rows = new ArrayList<>();

    FaultReport(String size) {
        this.size = size;
    }

    /** One scenario's outcome. */
    record Row(String scenario, String fault, int accepted, int refused, int lost, int doubleEffects, int stranded,
            int failed, long duplicatesAbsorbed, int deadLettered, long seconds, Details details) {

        boolean clean() {
            return accepted > 0 && lost == 0 && doubleEffects == 0 && stranded == 0;
        }
    }

    /**
     * What is behind a row's numbers.
     *
     * @param duplicateLogLines {@code Skipped message} lines in the consumers' logs, a cross-check of
     *     {@code duplicatesAbsorbed} (which is read from {@code consumer.duplicates.skipped})
     * @param resendsRouted copies of the scenario's messages the broker routed beyond the first
     * @param stockImbalance units per product taken or given back more (or less) than once
     */
    record Details(List<String> lost, List<String> doubles, List<String> stranded, List<String> failed,
            List<DeadLetter> deadLetters, long duplicateLogLines, long resendsRouted,
            Map<String, Integer> stockImbalance, List<String> notes) {
    }

    /** The JSON file's content. */
    record Document(String size, String started, long seconds, List<Row> scenarios) {
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String table() {
        String format = "%-34s %8s %5s %7s %8s %6s %10s %4s %5s%n";
        StringBuilder table = new StringBuilder(String.format(format, "scenario (" + size + ")", "accepted", "lost",
                "double", "stranded", "failed", "duplicates", "DLQ", "s"));
        for (Row row : rows) {
            table.append(String.format(format, row.scenario(), row.accepted(), row.lost(), row.doubleEffects(),
                    row.stranded(), row.failed(), row.duplicatesAbsorbed(), row.deadLettered(), row.seconds()));
        }
        return table.toString();
    }

    synchronized void write(Path file) {
        var json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.writeValueAsString(new Document(size, started.toString(),
                    Instant.now().getEpochSecond() - started.getEpochSecond(), rows)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
