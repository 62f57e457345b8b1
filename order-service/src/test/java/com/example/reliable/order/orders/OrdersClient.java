package com.example.reliable.order.orders;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Talks to a running order-service over HTTP, returning every answer (4xx too) as it came. */
class OrdersClient {

    private final RestClient http;

    OrdersClient(int port) {
        this.http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
    }

    static Map<String, Object> order(String customerId, String productId, int quantity) {
        return Map.of("customerId", customerId,
                "lines", List.of(Map.of("productId", productId, "quantity", quantity)),
                "shippingAddress", Map.of("street", "1 Main St", "city", "Springfield", "postalCode", "12345",
                        "country", "US"));
    }

    ResponseEntity<Map> place(Object body) {
        return place(body, null);
    }

    ResponseEntity<Map> place(Object body, String idempotencyKey) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .body(body).retrieve().toEntity(Map.class);
    }

    /** A POST with these header name/value pairs, repeated names included. */
    ResponseEntity<Map> placeWithHeaders(Object body, String... nameValuePairs) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    for (int i = 0; i < nameValuePairs.length; i += 2) {
                        headers.add(nameValuePairs[i], nameValuePairs[i + 1]);
                    }
                })
                .body(body).retrieve().toEntity(Map.class);
    }

    ResponseEntity<Map> get(Object id) {
        return http.get().uri("/orders/{id}", id).retrieve().toEntity(Map.class);
    }

    /** The events on the order's timeline (its first page), oldest first. */
    List<String> timelineEvents(Object id) {
        Map<?, ?> timeline = http.get().uri("/orders/{id}/timeline", id).retrieve().body(Map.class);
        return ((List<Map<String, Object>>) timeline.get("entries")).stream().map(entry -> (String) entry.get("event"))
                .toList();
    }

    ResponseEntity<Map> cancel(Object id) {
        return http.post().uri("/orders/{id}/cancel", id).contentType(MediaType.APPLICATION_JSON).body("{}").retrieve()
                .toEntity(Map.class);
    }

    /** A cancel as a cross-site form could send it: a "simple request", no JSON. */
    ResponseEntity<Map> cancelAsSimpleRequest(Object id, MediaType contentType) {
        return http.post().uri("/orders/{id}/cancel", id).contentType(contentType).body("x").retrieve()
                .toEntity(Map.class);
    }

    /** An operator call; {@code user} and {@code password} may be null for an anonymous one. */
    ResponseEntity<Map> admin(String method, String path, String user, String password) {
        return http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .headers(headers -> {
                    if (user != null) {
                        headers.setBasicAuth(user, password);
                    }
                })
                .retrieve().toEntity(Map.class);
    }

    ResponseEntity<String> postRaw(String json) {
        return http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(String.class);
    }
}
