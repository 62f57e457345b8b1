package com.example.reliable.inventory.stock;

import static com.example.reliable.testsupport.OrderEventsProducer.again;
import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Events that parse but would corrupt the stock, sent through the real broker as an attacker or a
 * bug would: numbers that make no sense never reach the stock (dead-lettered with their reason),
 * a cancel gives back exactly what its order's reservation took, whatever its own lines say, and
 * an operation is known by its derived fingerprint: the same data again is a duplicate, other data
 * under it is refused and counted, and a fingerprint written on the wire is not believed.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
class HostileEventsIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(5000);
    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", "Springfield", "12345", "US");

    @Autowired RabbitTemplate rabbit;
    @Autowired InventoryMessagingProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;

    OrderEventsProducer producer;
    InventoryTables tables;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        tables = new InventoryTables(jdbc);
    }

    @Test
    void eventsWhoseNumbersMakeNoSenseAreDeadLetteredAndTouchNoStock() {
        int sku1 = tables.stock("SKU-1");
        // Two lines of Integer.MAX_VALUE units: summed as int they wrapped to -2 and raised the stock.
        producer.send(OrderEvents.CREATED, "overflow", "OrderCreated", createdJson("overflow", 901, 0,
                "{\"productId\":\"SKU-1\",\"quantity\":2147483647},{\"productId\":\"SKU-1\",\"quantity\":2147483647}"));
        producer.send(OrderEvents.CREATED, "negative-order", "OrderCreated", createdJson("negative-order", -902, 0,
                "{\"productId\":\"SKU-1\",\"quantity\":1}"));
        producer.send(OrderEvents.CREATED, "negative-version", "OrderCreated", createdJson("negative-version", 903, -1,
                "{\"productId\":\"SKU-1\",\"quantity\":1}"));
        OrderCreated good = created(orderIds.incrementAndGet(), line("SKU-2", 1));
        producer.send(good);

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(good.orderId()).isPresent());
        List<Message> deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), 3);
        assertThat(deadLetters).extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder("overflow", "negative-order", "negative-version");
        assertThat(deadLetters).allSatisfy(message -> assertThat(DeadLetters.reason(message)).isEqualTo("rejected"));
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1);
        assertThat(tables.status(901)).isEmpty();
        assertThat(tables.status(903)).isEmpty();
    }

    @Test
    void aCancelGivesBackExactlyWhatTheReservationTookWhateverItsLinesSay() {
        int sku1 = tables.stock("SKU-1");
        int sku5 = tables.stock("SKU-5");
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId())
                .filter(status -> status == ReservationStatus.RESERVED).isPresent());
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1 - 1);
        double mismatchesBefore = meters.counter("inventory.cancel.mismatches").count();

        // A forged cancel for that order: 500 units of the last grinders instead of the one SKU-1.
        producer.send(new OrderCancelled(UUID.randomUUID().toString(), Instant.now(), order.orderId(), 1,
                List.of(line("SKU-5", 500))));

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId())
                .filter(status -> status == ReservationStatus.RELEASED).isPresent());
        assertThat(tables.stock("SKU-1")).as("what the order took comes back").isEqualTo(sku1);
        assertThat(tables.stock("SKU-5")).as("nothing it did not take").isEqualTo(sku5);
        assertThat(meters.counter("inventory.cancel.mismatches").count()).isEqualTo(mismatchesBefore + 1);
    }

    @Test
    void theSameOperationInANewMessageIsADuplicateNotASecondOrder() {
        int sku1 = tables.stock("SKU-1");
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 2));
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId()).isPresent());
        double duplicatesBefore = meters.get("consumer.duplicates.skipped").counter().count();

        // Keyed on the message id, this would take two more units: it is the same operation, so it takes none.
        producer.send(again(order));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("consumer.duplicates.skipped").counter().count() == duplicatesBefore + 1);
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1 - 2);
        assertThat(tables.checkRows(order.fingerprint())).isEqualTo(1);
    }

    @Test
    void aReusedMessageIdOnAnotherOrderIsThatOrdersOperationAppliedOnce() {
        int sku2 = tables.stock("SKU-2");
        long first = orderIds.incrementAndGet();
        long second = orderIds.incrementAndGet();
        String reused = "reused-" + first;

        // Keyed on the message id, the second order would be skipped as the first one's duplicate.
        producer.send(new OrderCreated(reused, Instant.now(), first, 0, List.of(line("SKU-2", 1)), ADDRESS));
        producer.send(new OrderCreated(reused, Instant.now(), second, 0, List.of(line("SKU-2", 1)), ADDRESS));

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(second).isPresent());
        assertThat(tables.status(first)).contains(ReservationStatus.RESERVED);
        assertThat(tables.status(second)).contains(ReservationStatus.RESERVED);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2 - 2);
    }

    @Test
    void anAppliedOperationWithOtherDataIsRefusedToTheDeadLetterQueueAndCounted() {
        int sku1 = tables.stock("SKU-1");
        int sku3 = tables.stock("SKU-3");
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId()).isPresent());
        double conflictsBefore = meters.counter("consumer.conflicts.refused").count();

        // Same order, same version — the same fingerprint — but other data: more of the same product,
        // and a product the operation never touched (its t_check rows would be new).
        OrderCreated more = new OrderCreated("more-" + order.orderId(), Instant.now(), order.orderId(), 0,
                List.of(line("SKU-1", 5)), order.shippingAddress());
        OrderCreated other = new OrderCreated("other-" + order.orderId(), Instant.now(), order.orderId(), 0,
                List.of(line("SKU-3", 1)), order.shippingAddress());
        assertThat(List.of(more.fingerprint(), other.fingerprint())).containsOnly(order.fingerprint());
        producer.send(more);
        producer.send(other);

        List<Message> deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), 2);
        assertThat(deadLetters).extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder(more.messageId(), other.messageId());
        assertThat(deadLetters).allSatisfy(message -> assertThat(DeadLetters.reason(message)).isEqualTo("rejected"));
        assertThat(meters.counter("consumer.conflicts.refused").count()).isEqualTo(conflictsBefore + 2);
        assertThat(tables.stock("SKU-1")).as("taken once, by the first").isEqualTo(sku1 - 1);
        assertThat(tables.stock("SKU-3")).isEqualTo(sku3);
        assertThat(tables.checkRows(order.fingerprint())).as("the refused messages' rows rolled back").isEqualTo(1);
    }

    @Test
    void aFingerprintOnTheWireCannotPassForAnotherOrdersOperation() {
        int sku2 = tables.stock("SKU-2");
        OrderCreated first = created(orderIds.incrementAndGet(), line("SKU-2", 1));
        producer.send(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(first.orderId()).isPresent());

        // Another order whose JSON claims the first order's fingerprint: it used to be skipped as a duplicate.
        long second = orderIds.incrementAndGet();
        producer.send(OrderEvents.CREATED, "claims-" + second, "OrderCreated",
                createdJson("claims-" + second, second, 0, "{\"productId\":\"SKU-2\",\"quantity\":1}")
                        .replace("claims-" + second + "-f", first.fingerprint()));

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(second).isPresent());
        assertThat(tables.status(second)).contains(ReservationStatus.RESERVED);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2 - 2);
    }

    private static String createdJson(String messageId, long orderId, long orderVersion, String lines) {
        return "{\"messageId\":\"" + messageId + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"orderId\":" + orderId
                + ",\"orderVersion\":" + orderVersion + ",\"lines\":[" + lines + "],\"shippingAddress\":{\"street\":\"s\","
                + "\"city\":\"c\",\"postalCode\":\"p\",\"country\":\"US\"},\"fingerprint\":\"" + messageId + "-f\"}";
    }
}
