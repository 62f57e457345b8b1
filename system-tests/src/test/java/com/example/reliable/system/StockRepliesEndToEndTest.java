package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.StockReserved;
import com.example.reliable.testsupport.OrderEventsProducer;
import com.example.reliable.testsupport.Servers;

import tools.jackson.databind.json.JsonMapper;

/**
 * The reply leg with the three services as processes: an order inventory can cover is CONFIRMED;
 * one it cannot (SKU-5 has 3 units) is REJECTED, its shipment cancelled, and the stock unchanged.
 * And what a crafted message cannot do to it: a forged reservation cannot confirm an order while
 * inventory is away, and a forged cancel sent before its order exists cannot leave the order PLACED.
 */
class StockRepliesEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static RunningServices services;
    static RestClient http = RestClient.create();
    static CachingConnectionFactory connections;
    static RabbitTemplate rabbit;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        services = RunningServices.start("replies");
        Servers servers = Servers.get();
        connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        rabbit = new RabbitTemplate(connections);
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.destroy();
        }
        if (services != null) {
            services.close();
        }
    }

    /**
     * Inventory is stopped; an order for more SKU-5 than there is waits PLACED; three replies claim its
     * stock is reserved, at a version its create never had. order-service refuses them to its
     * dead-letter queue, the order stays PLACED, and when inventory is back its rejection decides: the
     * order is REJECTED and its shipment cancelled, for stock nobody holds.
     */
    @Test
    void forgedReservationsWhileInventoryIsAwayCannotConfirmAnOrderInventoryRejects() throws Exception {
        int sku5 = stock("SKU-5");
        services.kill("inventory-service");
        try {
            long orderId = place("SKU-5", sku5 + 2);
            for (int i = 0; i < 3; i++) {
                var forged = new StockReserved("forged-" + i + "-" + orderId, Instant.now(), orderId, 999_999);
                new OrderEventsProducer(rabbit, services.repliesExchange()).send(InventoryEvents.RESERVED,
                        forged.messageId(), "StockReserved", json.writeValueAsString(forged));
            }
            String dlq = services.repliesQueue() + ".dlq";
            await().atMost(PATIENCE).until(() -> rabbit.execute(channel -> channel.messageCount(dlq)) == 3);
            assertThat(order(orderId).get("status")).isEqualTo("PLACED");
            assertThat(timeline(orderId)).doesNotContain("stock-reserved");

            services.restart("inventory-service");

            await().atMost(PATIENCE).until(() -> "REJECTED".equals(order(orderId).get("status")));
            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> "CANCELLED".equals(get("logistics-service", "/shipments/" + orderId).get("status")));
            assertThat(stock("SKU-5")).as("nothing taken").isEqualTo(sku5);
            await().atMost(PATIENCE).until(() -> timeline(orderId).contains("stock-rejected"));
            assertThat(timeline(orderId)).doesNotContain("stock-reserved");
        }
        finally {
            if (!services.isRunning("inventory-service")) {
                services.restart("inventory-service");
            }
        }
    }

    /**
     * An {@code OrderCancelled} for the next order id arrives before that order exists: inventory
     * records the order as cancelled before its create. The real order, placed a moment later, is
     * answered all the same — rejected with a reason a person understands — and leaves PLACED at once.
     */
    @Test
    void anOrderWhoseCancelArrivedBeforeItDoesNotWaitForEver() throws Exception {
        long next = place("SKU-1", 1) + 1; // one instance hands out ids in order
        await().atMost(PATIENCE).until(() -> !"PLACED".equals(order(next - 1).get("status")));
        OrderCancelled forged = new OrderCancelled(UUID.randomUUID().toString(), Instant.now(), next, 1,
                List.of(new OrderLine("SKU-1", 1)));
        new OrderEventsProducer(rabbit, services.exchange()).send(forged);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> "CANCELLED_BEFORE_CREATE".equals(
                get("inventory-service", "/reservations/" + next).get("status")));

        long orderId = place("SKU-1", 1);

        assertThat(orderId).isEqualTo(next);
        await().atMost(PATIENCE).until(() -> "REJECTED".equals(order(orderId).get("status")));
        await().atMost(PATIENCE).until(() -> timeline(orderId).contains("stock-rejected"));
        assertThat(timelineEntry(orderId, "stock-rejected").get("detail"))
                .isEqualTo("the order was cancelled before inventory received it: no stock was taken");
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> "CANCELLED".equals(get("logistics-service", "/shipments/" + orderId).get("status")));
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

    /**
     * "Where is my order?": each service's {@code GET /admin/orders/{id}/messages} names what it applied
     * to the order, with the message that brought it and when. The two consumers applied the same
     * OrderCreated message; order-service's stock answer was brought by the reply on its timeline.
     * Nothing waits to be sent, no dead letter names the order, and the search needs the operator.
     */
    @Test
    void theOrderSearchFindsWhatEachServiceAppliedWithTheMessageAndTheTime() {
        long id = place("SKU-2", 1);
        await().atMost(PATIENCE).until(() -> timeline(id).size() == 4);

        Map<String, Object> here = search("order-service", id);
        Map<String, Object> logistics = search("logistics-service", id);
        Map<String, Object> inventory = search("inventory-service", id);

        assertThat(here).containsEntry("status", "CONFIRMED");
        Map<String, Object> answer = applied(here, "order-" + id + "-stock-reserved-v0", "stock answer recorded");
        assertThat(answer.get("messageId")).isNotNull().isEqualTo(timelineEntry(id, "stock-reserved").get("messageId"));
        applied(here, "order-" + id + "-stock-reserved-v0", "timeline: stock-reserved");
        Map<String, Object> shipment = applied(logistics, "order-" + id + "-created-v0", "shipment CREATED");
        Map<String, Object> reservation = applied(inventory, "order-" + id + "-created-v0", "stock taken");
        assertThat(shipment.get("messageId")).isNotNull().isEqualTo(reservation.get("messageId"));
        assertThat(inventory).containsEntry("reservation", "RESERVED");
        for (Map<String, Object> found : List.of(here, logistics, inventory)) {
            assertThat((List<?>) found.get("waiting")).as(found.get("service") + " waits to send nothing").isEmpty();
            assertThat((List<?>) found.get("deadLetters")).as(found.get("service") + " has no dead letter").isEmpty();
            assertThat(((List<Map<String, Object>>) found.get("applied"))).allSatisfy(
                    operation -> assertThat(Instant.parse((String) operation.get("appliedAt"))).isAfter(Instant.now()
                            .minus(PATIENCE.multipliedBy(2))));
        }
        int withoutCredentials = http.get().uri(services.url("inventory-service") + "/admin/orders/" + id + "/messages")
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(withoutCredentials).isEqualTo(401);
    }

    private static Map<String, Object> search(String service, long id) {
        return http.get().uri(services.url(service) + "/admin/orders/" + id + "/messages")
                .headers(headers -> headers.setBasicAuth("operator", "operator")).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
    }

    /** The one applied operation with this fingerprint whose effect starts so. */
    private static Map<String, Object> applied(Map<String, Object> found, String operation, String effect) {
        List<Map<String, Object>> applied = ((List<Map<String, Object>>) found.get("applied")).stream()
                .filter(entry -> operation.equals(entry.get("operation")) && ((String) entry.get("effect")).startsWith(effect))
                .toList();
        assertThat(applied).as(found.get("service") + " applied " + operation + ": " + effect).hasSize(1);
        return applied.get(0);
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

    /**
     * The shipped alert rules and dashboard ({@link MonitoringProfileTest}) read only metrics that
     * exist: each is on some running service's {@code /actuator/prometheus}, or is Prometheus' own
     * {@code up}. A renamed meter, or a rule with a typo, would never fire and fails here instead.
     */
    @Test
    void everyMetricTheAlertRulesAndTheDashboardReadIsExposedByTheServices() {
        Set<String> exposed = new TreeSet<>(Set.of("up"));
        for (String service : List.of("order-service", "logistics-service", "inventory-service")) {
            // Twice: a scrape is itself an HTTP request, counted in http_server_requests once it has ended.
            http.get().uri(services.url(service) + "/actuator/prometheus").retrieve().body(String.class);
            String scrape = http.get().uri(services.url(service) + "/actuator/prometheus").retrieve().body(String.class);
            scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        assertThat(exposed).containsAll(MonitoringProfileTest.metricsRead());
    }

    private static List<String> timeline(long id) {
        var entries = (List<Map<String, Object>>) get("order-service", "/orders/" + id + "/timeline").get("entries");
        return entries.stream().map(entry -> (String) entry.get("event")).toList();
    }

    private static Map<String, Object> timelineEntry(long id, String event) {
        var entries = (List<Map<String, Object>>) get("order-service", "/orders/" + id + "/timeline").get("entries");
        return entries.stream().filter(entry -> event.equals(entry.get("event"))).findFirst().orElseThrow();
    }

    private static int stock(String product) {
        return ((Number) get("inventory-service", "/products/" + product).get("stock")).intValue();
    }

    private static Map<?, ?> get(String service, String path) {
        return http.get().uri(services.url(service) + path).retrieve().body(Map.class);
    }
}
