package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The reply leg with the three services as processes: an order inventory can cover is CONFIRMED;
 * one it cannot (SKU-5 has 3 units) is REJECTED, its shipment cancelled, and the stock unchanged.
 */
class StockRepliesEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static RunningServices services;
    static RestClient http = RestClient.create();

    @BeforeAll
    static void start() throws Exception {
        services = RunningServices.start("replies");
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void anOrderTheStockCoversIsConfirmedAndOneItCannotIsRejectedAndItsShipmentCancelled() {
        int sku5 = stock("SKU-5");

        long covered = place("SKU-1", 1);
        long tooMany = place("SKU-5", sku5 + 2);

        await().atMost(PATIENCE).until(() -> "CONFIRMED".equals(order(covered).get("status")));
        await().atMost(PATIENCE).until(() -> "REJECTED".equals(order(tooMany).get("status")));
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> "CANCELLED".equals(get("logistics-service", "/shipments/" + tooMany).get("status")));
        assertThat(get("inventory-service", "/reservations/" + tooMany).get("status")).isEqualTo("REJECTED");
        assertThat(stock("SKU-5")).as("nothing taken").isEqualTo(sku5);
        assertThat(get("logistics-service", "/shipments/" + covered).get("status")).isEqualTo("CREATED");

        // The timeline has heard from all three services, each operation once.
        await().atMost(PATIENCE).until(() -> timeline(covered).size() == 4);
        assertThat(timeline(covered)).containsExactlyInAnyOrder("placed", "published", "stock-reserved",
                "shipment-created");
        // Rejected: cancelled the usual way, its shipment cancelled; no stock was taken, so none released.
        await().atMost(PATIENCE).until(() -> timeline(tooMany).size() == 6);
        assertThat(timeline(tooMany)).containsExactlyInAnyOrder("placed", "published", "stock-rejected",
                "shipment-created", "cancelled", "shipment-cancelled");
    }

    private static long place(String product, int quantity) {
        Map<?, ?> body = http.post().uri(services.url("order-service") + "/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("customerId", "c-e2e", "lines", List.of(Map.of("productId", product, "quantity", quantity)),
                        "shippingAddress", Map.of("street", "1 Main St", "city", "Springfield", "postalCode", "12345",
                                "country", "US")))
                .retrieve().body(Map.class);
        return ((Number) body.get("id")).longValue();
    }

    private static Map<?, ?> order(long id) {
        return get("order-service", "/orders/" + id);
    }

    private static List<String> timeline(long id) {
        var entries = (List<Map<String, Object>>) get("order-service", "/orders/" + id + "/timeline").get("entries");
        return entries.stream().map(entry -> (String) entry.get("event")).toList();
    }

    private static int stock(String product) {
        return ((Number) get("inventory-service", "/products/" + product).get("stock")).intValue();
    }

    private static Map<?, ?> get(String service, String path) {
        return http.get().uri(services.url(service) + path).retrieve().body(Map.class);
    }
}
