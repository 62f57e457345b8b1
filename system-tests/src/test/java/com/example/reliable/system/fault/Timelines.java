package com.example.reliable.system.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an order's timeline from order-service ({@code GET /orders/{id}/timeline}) for the ledger:
 * how often each entry (event name and the operation it came from) appears. Each should appear once,
 * however often the suite and the faults made its event arrive.
 */
final class Timelines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String orderService;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Timelines(String orderService) {
        this.orderService = orderService;
    }

    /**
     * @return per entry ({@code "stock-reserved order-42-stock-reserved-v0"}), how often the timeline
     *     shows it, oldest first; empty if order-service did not answer
     */
    Optional<Map<String, Integer>> entries(long orderId) {
        var request = HttpRequest.newBuilder(URI.create(orderService + "/orders/" + orderId + "/timeline"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode entry : JSON.readTree(response.body()).get("entries")) {
                counts.merge(entry.get("event").asString() + " " + entry.get("operation").asString(), 1, Integer::sum);
            }
            return Optional.of(counts);
        }
        catch (IOException ex) {
            return Optional.empty();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
