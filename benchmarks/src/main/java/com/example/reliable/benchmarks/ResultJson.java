package com.example.reliable.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the run as JSON: when, in which mode, on which machine, and every row with its numbers
 * (a number that does not exist, such as the p99 of a rate without latencies, is {@code null}).
 */
final class ResultJson {

    private ResultJson() {
    }

    static void write(Path file, Settings settings, Map<String, String> machine, List<Row> rows) throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("finishedAt", Instant.now().toString());
        document.put("mode", settings.mode().name().toLowerCase());
        document.put("repetitions", settings.repetitions());
        document.put("machine", machine);
        document.put("rows", rows.stream().map(ResultJson::row).toList());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(document));
    }

    private static Map<String, Object> row(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("scenario", row.label());
        json.put("metric", row.metric());
        json.put("median", finite(row.median()));
        json.put("min", finite(row.min()));
        json.put("max", finite(row.max()));
        json.put("p50Ms", finite(row.p50Ms()));
        json.put("p99Ms", finite(row.p99Ms()));
        json.put("ratio", finite(row.ratioValue()));
        json.put("ratioText", row.ratioText());
        json.put("repetitions", row.repetitions());
        json.put("notes", row.notes());
        return json;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
