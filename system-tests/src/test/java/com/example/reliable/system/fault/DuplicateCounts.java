package com.example.reliable.system.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.reliable.system.RunningServices;

/**
 * How many duplicate deliveries the consumers recognised and skipped: the duplicates the producers'
 * "resend when unsure" (and the suite's own copies) caused, absorbed by idempotency. Read from each
 * consumer's {@code consumer.duplicates.skipped} counter, and for order-service also its timeline's
 * {@code order.timeline.duplicates} ({@code /actuator/prometheus}, open to anyone); a counter starts at
 * 0 with its process, so before a consumer is killed its count so far is banked. The consumers'
 * duplicate log lines, which survive restarts, are counted as a cross-check.
 */
final class DuplicateCounts {

    static final List<String> CONSUMERS = List.of("logistics-service", "inventory-service", "order-service");

    /** The counters read, as Prometheus names them. */
    private static final List<String> COUNTERS = List.of("consumer_duplicates_skipped_total",
            "order_timeline_duplicates_total");

    /** What each consumer logs for a duplicate it skips. */
    private static final List<String> LOG_MARKS = List.of("Skipped message", "Skipped stock reply",
            "is recorded already (duplicate)");

    private final RunningServices services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> banked = new HashMap<>();

    DuplicateCounts(RunningServices services) {
        this.services = services;
    }

    /** Skipped duplicates since the suite started, all consumers and their instances, all their lives. */
    long total() {
        return instances().mapToLong(instance -> banked.getOrDefault(instance, 0L) + current(instance)).sum();
    }

    /** Call before killing a consumer's instance: its counter dies with it. */
    void bankBeforeKill(String instance) {
        banked.merge(instance, current(instance), Long::sum);
    }

    /** Duplicate lines in the consumers' logs (every life of each process). */
    long logLines() {
        return instances().mapToLong(consumer -> {
            try (Stream<String> lines = Files.lines(services.log(consumer))) {
                return lines.filter(line -> LOG_MARKS.stream().anyMatch(line::contains)).count();
            }
            catch (IOException ex) {
                return 0;
            }
        }).sum();
    }

    private Stream<String> instances() {
        return CONSUMERS.stream().flatMap(consumer -> services.instances(consumer).stream());
    }

    private long current(String consumer) {
        var request = HttpRequest.newBuilder(URI.create(services.url(consumer) + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            // e.g. consumer_duplicates_skipped_total{application="inventory-service"} 12.0
            return response.body().lines()
                    .filter(line -> COUNTERS.stream().anyMatch(counter -> line.startsWith(counter + "{")
                            || line.startsWith(counter + " ")))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
