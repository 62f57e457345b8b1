package com.example.reliable.logistics.shipments;

import static com.example.reliable.testsupport.OrderEventsProducer.cancelled;
import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;
import com.example.reliable.common.ShipmentEvents;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

import tools.jackson.databind.json.JsonMapper;

/**
 * logistics-service reports every shipment change, once: {@link ShipmentCreated},
 * {@link ShipmentCancelled}, published from its database outbox after the shipment transaction
 * committed; the outbox row is gone once the broker confirmed it.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
class ShipmentEventsIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(9000);

    @Autowired RabbitTemplate rabbit;
    @Autowired AmqpAdmin admin;
    @Autowired TopicExchange shipmentEventsExchange;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired JdbcClient jdbc;
    @Autowired DuplicateCounter duplicates;

    private final JsonMapper json = JsonMapper.builder().build();
    OrderEventsProducer producer;
    BoundQueue events;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        events = BoundQueue.bind(admin, rabbit, shipmentEventsExchange);
    }

    @AfterEach
    void deleteQueue() {
        events.delete();
    }

    @Test
    void aNewShipmentIsReportedWithShipmentCreatedAndItsOutboxRowGoes() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(order);

        Message event = events.next();
        assertThat(event).isNotNull();
        assertThat(event.getMessageProperties().getReceivedRoutingKey()).isEqualTo(ShipmentEvents.CREATED);
        assertThat(event.getMessageProperties().getType()).isEqualTo("ShipmentCreated");
        ShipmentCreated shipped = read(event, ShipmentCreated.class);
        assertThat(shipped.orderId()).isEqualTo(order.orderId());
        assertThat(shipped.orderVersion()).isEqualTo(order.orderVersion());
        assertThat(event.getMessageProperties().getMessageId()).isEqualTo(shipped.messageId());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }

    @Test
    void aCancelledShipmentIsReportedWithShipmentCancelled() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-2", 1));
        producer.send(order);
        assertThat(events.next().getMessageProperties().getReceivedRoutingKey()).isEqualTo(ShipmentEvents.CREATED);

        producer.send(cancelled(order));

        Message event = events.next();
        assertThat(event.getMessageProperties().getReceivedRoutingKey()).isEqualTo(ShipmentEvents.CANCELLED);
        assertThat(read(event, ShipmentCancelled.class).orderVersion()).isEqualTo(order.orderVersion() + 1);
    }

    @Test
    void aCancelBeforeItsCreateIsReportedOnceAndTheLateCreateReportsNothing() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-2", 1));
        producer.send(cancelled(order));
        assertThat(events.next().getMessageProperties().getReceivedRoutingKey()).isEqualTo(ShipmentEvents.CANCELLED);

        long skippedBefore = duplicates.count();
        producer.send(order);

        await().atMost(Duration.ofSeconds(5)).until(() -> duplicates.count() > skippedBefore);
        assertThat(outboxRows()).isZero();
        assertThat(events.drainIds()).as("the late create changed nothing, so it reports nothing").isEmpty();
    }

    @Test
    void anOrderEventDeliveredFiveTimesIsReportedOnce() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-3", 1));

        for (int i = 0; i < 5; i++) {
            producer.send(order);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(order.orderId()).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
        assertThat(events.drainIds()).as("one event for one change").hasSize(1);
    }

    private long outboxRows() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages").query(Long.class).single();
    }

    private <T> T read(Message message, Class<T> type) {
        return json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), type);
    }
}
