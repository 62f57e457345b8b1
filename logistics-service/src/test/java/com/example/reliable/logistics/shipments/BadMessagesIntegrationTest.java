package com.example.reliable.logistics.shipments;

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

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

/**
 * A bad message never loops and never blocks the others: one that cannot be read goes to the
 * dead-letter queue at once; one that keeps failing goes there after the delivery limit; the
 * messages around it are processed either way. A dead letter moved back to its queue by a shovel,
 * its {@code x-death} header with it, goes to the dead-letter queue again if it fails again.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
class BadMessagesIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(2000);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;

    OrderEventsProducer producer;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
    }

    @Test
    void messagesThatCannotBeReadGoStraightToTheDeadLetterQueue() {
        producer.send(OrderEvents.CREATED, "not-json", "OrderCreated", "this is not JSON");
        producer.send(OrderEvents.CREATED, "missing-field", "OrderCreated",
                "{\"messageId\":\"missing-field\",\"orderId\":1,\"orderVersion\":0}");
        producer.send(OrderEvents.CREATED, "unknown-type", "OrderShipped", "{\"orderId\":1}");
        producer.send(OrderEvents.CREATED, "zero-quantity", "OrderCreated",
                "{\"messageId\":\"zero-quantity\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"orderId\":7,\"orderVersion\":0,"
                        + "\"lines\":[{\"productId\":\"SKU-1\",\"quantity\":0}],\"shippingAddress\":{\"street\":\"s\","
                        + "\"city\":\"c\",\"postalCode\":\"p\",\"country\":\"US\"},\"fingerprint\":\"f\"}");
        OrderCreated good = OrderEventsProducer.created(orderIds.incrementAndGet());
        producer.send(good);

        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(good.orderId()).isPresent());
        List<Message> deadLetters = deadLetters(4);
        assertThat(deadLetters).extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder("not-json", "missing-field", "unknown-type", "zero-quantity");
        assertThat(deadLetters).allSatisfy(message -> {
            assertThat(DeadLetters.reason(message)).isEqualTo("rejected");
            assertThat(DeadLetters.count(message)).as("rejected once, never redelivered").isEqualTo(1L);
        });
    }

    @Test
    void messageThatKeepsFailingIsDeadLetteredAfterTheDeliveryLimitAndTheOthersGoOn() {
        // Readable, but the database refuses it every time: the street is longer than its column.
        long poisonOrder = orderIds.incrementAndGet();
        OrderCreated poison = new OrderCreated(UUID.randomUUID().toString(), Instant.now(), poisonOrder, 0,
                List.of(new OrderLine("SKU-1", 1)), new ShippingAddress("x".repeat(500), "c", "p", "US"));
        producer.send(poison);
        List<OrderCreated> good = List.of(OrderEventsProducer.created(orderIds.incrementAndGet()),
                OrderEventsProducer.created(orderIds.incrementAndGet()),
                OrderEventsProducer.created(orderIds.incrementAndGet()));
        good.forEach(producer::send);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> good.stream().allMatch(event -> shipments.findByOrderId(event.orderId()).isPresent()));
        List<Message> deadLetters = deadLetters(1);
        assertThat(deadLetters.get(0).getMessageProperties().getMessageId()).isEqualTo(poison.messageId());
        assertThat(DeadLetters.reason(deadLetters.get(0))).isEqualTo("delivery_limit");
        assertThat(shipments.findByOrderId(poisonOrder)).isEmpty();
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
