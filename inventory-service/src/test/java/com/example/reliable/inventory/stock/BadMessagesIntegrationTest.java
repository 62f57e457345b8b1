package com.example.reliable.inventory.stock;

import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A bad message never loops and never blocks the others: one that cannot be read goes to the
 * dead-letter queue at once; one the database keeps refusing goes there after the delivery limit,
 * having changed nothing; the messages around it are applied either way.
 * A dead letter moved back to its queue by a shovel, its {@code x-death} header with it, goes to the
 * dead-letter queue again if it fails again.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
class BadMessagesIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(2000);

    @Autowired RabbitTemplate rabbit;
    @Autowired InventoryMessagingProperties properties;
    @Autowired JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    OrderEventsProducer producer;
    InventoryTables tables;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        tables = new InventoryTables(jdbc);
    }

    @Test
    void messagesThatCannotBeReadGoStraightToTheDeadLetterQueue() {
        producer.send(OrderEvents.CREATED, "not-json", "OrderCreated", "this is not JSON");
        producer.send(OrderEvents.CREATED, "missing-field", "OrderCreated",
                "{\"messageId\":\"missing-field\",\"orderId\":1,\"orderVersion\":0}");
        producer.send(OrderEvents.CREATED, "unknown-type", "OrderShipped", "{\"orderId\":1}");
        producer.send(OrderEvents.CANCELLED, "zero-quantity", "OrderCancelled",
                "{\"messageId\":\"zero-quantity\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"orderId\":7,"
                        + "\"orderVersion\":1,\"lines\":[{\"productId\":\"SKU-1\",\"quantity\":0}],\"fingerprint\":\"f\"}");
        // A readable event whose body names another message id than the AMQP message_id it came with.
        OrderCreated twoIds = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(OrderEvents.CREATED, "amqp-id", "OrderCreated", json.writeValueAsString(twoIds));
        OrderCreated good = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(good);

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(good.orderId()).isPresent());
        List<Message> deadLetters = deadLetters(5);
        assertThat(deadLetters).extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder("not-json", "missing-field", "unknown-type", "zero-quantity", "amqp-id");
        assertThat(tables.status(twoIds.orderId())).isEmpty();
        assertThat(deadLetters).allSatisfy(message -> {
            assertThat(DeadLetters.reason(message)).isEqualTo("rejected");
            assertThat(DeadLetters.count(message)).as("rejected once, never redelivered").isEqualTo(1L);
        });
        assertThat(tables.status(7)).isEmpty();
    }

    @Test
    void messageTheDatabaseKeepsRefusingIsDeadLetteredAfterTheDeliveryLimitAndTheOthersGoOn() {
        // Readable, but the database refuses it every time: the product id is longer than its column.
        OrderCreated poison = created(orderIds.incrementAndGet(), line("SKU-1", 1), line("SKU-" + "9".repeat(100), 1));
        int sku1 = tables.stock("SKU-1");
        producer.send(poison);
        List<OrderCreated> good = List.of(created(orderIds.incrementAndGet(), line("SKU-2", 1)),
                created(orderIds.incrementAndGet(), line("SKU-3", 1)),
                created(orderIds.incrementAndGet(), line("SKU-4", 1)));
        good.forEach(producer::send);

        await().atMost(Duration.ofSeconds(20)).until(
                () -> good.stream().allMatch(event -> tables.status(event.orderId()).isPresent()));
        List<Message> deadLetters = deadLetters(1);
        assertThat(deadLetters.get(0).getMessageProperties().getMessageId()).isEqualTo(poison.messageId());
        assertThat(DeadLetters.reason(deadLetters.get(0))).isEqualTo("delivery_limit");
        assertThat(tables.status(poison.orderId())).isEmpty();
        assertThat(tables.checkRows(poison.fingerprint())).as("rolled back with the rest").isZero();
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1);
    }

    @Test
    void aDeadLetterMovedBackTheWayAShovelDoesItFailingAgainIsInTheDeadLetterQueueAgain() {
        producer.send(OrderEvents.CREATED, "moved-back", "OrderCreated", "this is not JSON");

        assertThat(DeadLetters.moveBackLikeAShovel(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()),
                properties.queue())).isEqualTo("moved-back");

        Message again = deadLetters(1).get(0);
        assertThat(again.getMessageProperties().getMessageId()).isEqualTo("moved-back");
        assertThat(DeadLetters.reason(again)).isEqualTo("rejected");
        assertThat(DeadLetters.count(again)).as("dead-lettered again, not dropped").isEqualTo(2L);
    }

    private List<Message> deadLetters(int expected) {
        return DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), expected);
    }
}
