package com.example.reliable.logistics.shipments;

import static com.example.reliable.testsupport.OrderEventsProducer.again;
import static com.example.reliable.testsupport.OrderEventsProducer.cancelled;
import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * An operation is known by its fingerprint (order, operation, version), the same one inventory
 * uses: the same data again in a new message is a duplicate, other data under it is refused to the
 * dead-letter queue and counted, and the shipment keeps what the first one said.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
class HostileEventsIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(7000);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired MeterRegistry meters;

    OrderEventsProducer producer;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
    }

    @Test
    void theSameOperationInANewMessageIsADuplicate() {
        OrderCreated order = created(orderIds.incrementAndGet());
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(order.orderId()).isPresent());
        double duplicatesBefore = duplicates();

        producer.send(again(order));

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates() == duplicatesBefore + 1);
        assertThat(shipments.findByOrderId(order.orderId())).get().extracting(Shipment::getVersion).isEqualTo(0L);
    }

    @Test
    void anAppliedOperationWithOtherDataIsRefusedAndTheShipmentKeepsTheFirst() {
        OrderCreated order = created(orderIds.incrementAndGet());
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(order.orderId()).isPresent());
        OrderCancelled cancel = cancelled(order);
        producer.send(cancel);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(order.orderId()).get()
                .getStatus() == ShipmentStatus.CANCELLED);
        double conflictsBefore = conflicts();
        double duplicatesBefore = duplicates();

        // The create's fingerprint with another address, the cancel's with other lines.
        var elsewhere = new OrderCreated("elsewhere-" + order.orderId(), Instant.now(), order.orderId(), 0,
                order.lines(), new ShippingAddress("9 Other Rd", "Shelbyville", "54321", "US"));
        var otherLines = new OrderCancelled("other-lines-" + order.orderId(), Instant.now(), order.orderId(), 1,
                List.of(line("SKU-3", 7)));
        producer.send(elsewhere);
        producer.send(otherLines);

        List<Message> deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), 1);
        assertThat(deadLetters).extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactly(otherLines.messageId());
        assertThat(DeadLetters.reason(deadLetters.get(0))).isEqualTo("rejected");
        assertThat(conflicts()).isEqualTo(conflictsBefore + 1);
        // The create at version 0 is older than the shipment (version 1, cancelled): it cannot be
        // compared any more — the shipment keeps the latest operation's digest only — and is skipped.
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
        Shipment shipment = shipments.findByOrderId(order.orderId()).orElseThrow();
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.getAddress()).isEqualTo(order.shippingAddress());
    }

    @Test
    void aCreateWithOtherDataAtTheShipmentsVersionIsRefused() {
        OrderCreated order = created(orderIds.incrementAndGet());
        producer.send(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(order.orderId()).isPresent());
        double conflictsBefore = conflicts();

        var elsewhere = new OrderCreated("elsewhere-" + order.orderId(), Instant.now(), order.orderId(), 0,
                order.lines(), new ShippingAddress("9 Other Rd", "Shelbyville", "54321", "US"));
        producer.send(elsewhere);

        List<Message> deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.queue()), 1);
        assertThat(deadLetters.get(0).getMessageProperties().getMessageId()).isEqualTo(elsewhere.messageId());
        assertThat(conflicts()).isEqualTo(conflictsBefore + 1);
        assertThat(shipments.findByOrderId(order.orderId()).orElseThrow().getAddress())
                .isEqualTo(order.shippingAddress());
    }

    private double duplicates() {
        return meters.get("consumer.duplicates.skipped").counter().count();
    }

    private double conflicts() {
        return meters.counter("consumer.conflicts.refused").count();
    }
}
