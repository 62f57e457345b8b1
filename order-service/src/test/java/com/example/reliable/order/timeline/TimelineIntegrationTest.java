package com.example.reliable.order.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;
import com.example.reliable.common.ShipmentEvents;
import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReserved;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.order.orders.OrderServiceIntegrationTest;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order timeline against real RabbitMQ and Redis: fed by the order's own event, inventory's
 * reply (once order-service has taken it) and logistics' shipment event, shown by
 * {@code GET /orders/{id}/timeline} a page at a time, each operation once however often it is
 * delivered or however many copies arrive at the same moment, and never more than
 * {@code order.timeline.max-entries} entries per order (8 in this class), whatever is sent about it.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "order.timeline.max-entries=" + TimelineIntegrationTest.MAX_ENTRIES)
class TimelineIntegrationTest {

    static final int MAX_ENTRIES = 8;

    @Value("${order.messaging.replies-exchange}") String repliesExchange;

    @Autowired RabbitTemplate rabbit;
    @Autowired TimelineProperties properties;
    @Autowired Timeline timeline;
    @Autowired MeterRegistry meters;
    @Autowired JsonMapper json;
    @Autowired DuplicateCounter replyDuplicates;
    @Autowired StringRedisTemplate redis;
    @LocalServerPort int port;

    RestClient http;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                }).build();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void theTimelineShowsWhatEveryServiceReportedInOrder() {
        long orderId = place();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(orderId).containsAll(List.of("placed", "published")));

        send(repliesExchange, InventoryEvents.RESERVED,
                new StockReserved(UUID.randomUUID().toString(), Instant.now(), orderId, 0));
        send(properties.shipmentEventsExchange(), ShipmentEvents.CREATED,
                new ShipmentCreated(UUID.randomUUID().toString(), Instant.now().plusMillis(5), orderId, 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> events(orderId).size() == 4);
        assertThat(events(orderId)).containsExactly("placed", "published", "stock-reserved", "shipment-created");
        var entries = (List<Map<String, Object>>) timelineOf(orderId).getBody().get("entries");
        assertThat(entries.get(2)).containsEntry("operation", "order-" + orderId + "-stock-reserved-v0");
        assertThat(timelineOf(orderId).getBody()).containsEntry("orderId", (int) orderId);
    }

    @Test
    void anEventDeliveredFiveTimesIsShownOnce() {
        long orderId = place();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(orderId).contains("published"));
        double before = duplicates();
        long repliesBefore = replyDuplicates.count();
        var rejected = new StockRejected(UUID.randomUUID().toString(), Instant.now(), orderId, 0, "SKU-5: too few");

        for (int i = 0; i < 5; i++) {
            send(repliesExchange, InventoryEvents.REJECTED, rejected);
        }
        // The same operation under new message ids: a resend after an unknown outcome looks like this.
        for (int i = 0; i < 3; i++) {
            send(properties.shipmentEventsExchange(), ShipmentEvents.CANCELLED,
                    new ShipmentCancelled(UUID.randomUUID().toString(), Instant.now(), orderId, 1));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates() >= before + 2
                && replyDuplicates.count() >= repliesBefore + 4);
        assertThat(events(orderId)).filteredOn(event -> event.equals("stock-rejected")).hasSize(1);
        assertThat(events(orderId)).filteredOn(event -> event.equals("shipment-cancelled")).hasSize(1);
    }

    @Test
    void copiesRecordedAtTheSameMomentAreRecordedOnce() throws Exception {
        long orderId = 77_000_000L + System.nanoTime() % 1_000_000;
        var entry = new TimelineEntry(Instant.now(), "stock-reserved", "race", "order-" + orderId + "-stock-reserved-v0",
                "m-1");
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Timeline.Recorded>> copies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            copies.add(() -> {
                start.await();
                return timeline.record(orderId, entry.operation(), List.of(entry));
            });
        }
        List<Future<Timeline.Recorded>> results = copies.stream().map(pool::submit).toList();
        start.countDown();

        long recorded = 0;
        for (Future<Timeline.Recorded> result : results) {
            recorded += result.get() == Timeline.Recorded.RECORDED ? 1 : 0;
        }
        assertThat(recorded).as("one copy wins the marker").isEqualTo(1);
        assertThat(timeline.of(orderId, 0, 20).entries()).containsExactly(entry);
    }

    /**
     * A stream of events about one order — forged shipment events at ever new versions, say — stops
     * at the cap: the timeline keeps {@value #MAX_ENTRIES} entries and counts the rest, its marker
     * stops growing too, and it is read a page at a time.
     */
    @Test
    void aTimelineKeepsAtMostItsCapAndCountsTheRestAndIsReadAPageAtATime() {
        long orderId = place();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(orderId).contains("published"));
        double notStoredBefore = notStoredCount();

        for (int version = 0; version < 30; version++) {
            send(properties.shipmentEventsExchange(), ShipmentEvents.CREATED,
                    new ShipmentCreated(UUID.randomUUID().toString(), Instant.now(), orderId, version));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> notStoredCount() >= notStoredBefore + 30 - (MAX_ENTRIES - 2));
        Map<String, Object> first = timelineOf(orderId, 0, 3).getBody();
        assertThat(first).containsEntry("total", MAX_ENTRIES).containsEntry("notStored", 30 - (MAX_ENTRIES - 2))
                .containsEntry("page", 0).containsEntry("size", 3);
        assertThat((List<?>) first.get("entries")).hasSize(3);
        assertThat((List<?>) timelineOf(orderId, 2, 3).getBody().get("entries")).as("the last page").hasSize(2);
        assertThat(redis.opsForSet().size(properties.keyPrefix() + "{order-" + orderId + "}:applied"))
                .as("the marker stops at the cap too").isEqualTo(MAX_ENTRIES - 1L);
        assertThat(timelineOf(orderId, 0, 101).getStatusCode().value()).isEqualTo(400);
        assertThat(timelineOf(orderId, -1, 3).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void anUnknownOrderHasNoTimelineAndAMalformedIdIsABadRequest() {
        ResponseEntity<Map> unknown = http.get().uri("/orders/{id}/timeline", 987_654_321L).retrieve()
                .toEntity(Map.class);
        ResponseEntity<Map> malformed = http.get().uri("/orders/abc/timeline").retrieve().toEntity(Map.class);

        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void anEventTheTimelineCannotReadIsDeadLetteredAndTheNextOneIsRecorded() {
        long orderId = place();
        rabbit.send(properties.shipmentEventsExchange(), ShipmentEvents.CREATED, MessageBuilder
                .withBody("{\"orderId\":".getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).setMessageId("broken")
                .setType("ShipmentCreated").build());
        send(properties.shipmentEventsExchange(), ShipmentEvents.CREATED,
                new ShipmentCreated(UUID.randomUUID().toString(), Instant.now(), orderId, 0));

        var deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), 1);
        assertThat(deadLetters.get(0).getMessageProperties().getMessageId()).isEqualTo("broken");
        await().atMost(Duration.ofSeconds(10)).until(() -> events(orderId).contains("shipment-created"));
    }

    private long place() {
        Map<String, Object> order = Map.of("customerId", "c-timeline",
                "lines", List.of(Map.of("productId", "SKU-1", "quantity", 1)),
                "shippingAddress", Map.of("street", "1 Main St", "city", "Springfield", "postalCode", "12345",
                        "country", "US"));
        ResponseEntity<Map> placed = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(order)
                .retrieve().toEntity(Map.class);
        assertThat(placed.getStatusCode().value()).isEqualTo(201);
        return ((Number) placed.getBody().get("id")).longValue();
    }

    private ResponseEntity<Map> timelineOf(long orderId) {
        return http.get().uri("/orders/{id}/timeline", orderId).retrieve().toEntity(Map.class);
    }

    private ResponseEntity<Map> timelineOf(long orderId, int page, int size) {
        return http.get().uri("/orders/{id}/timeline?page={page}&size={size}", orderId, page, size).retrieve()
                .toEntity(Map.class);
    }

    private double notStoredCount() {
        var counter = meters.find("order.timeline.not-stored").counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> events(long orderId) {
        var entries = (List<Map<String, Object>>) timelineOf(orderId).getBody().get("entries");
        return entries.stream().map(entry -> (String) entry.get("event")).toList();
    }

    private double duplicates() {
        var counter = meters.find("order.timeline.duplicates").counter();
        return counter == null ? 0 : counter.count();
    }

    private void send(String exchange, String routingKey, Object event) {
        String messageId = (String) json.convertValue(event, Map.class).get("messageId");
        rabbit.send(exchange, routingKey, MessageBuilder
                .withBody(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setMessageId(messageId)
                .setType(event.getClass().getSimpleName())
                .build());
    }
}
