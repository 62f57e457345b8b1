package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

/**
 * Duplicates, replays and races on real RabbitMQ and MySQL: whatever arrives how often, each order
 * event changes the shipment once.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
class IdempotentShipmentsIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(1000);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired DuplicateCounter duplicates;
    @Autowired ShipmentOperations operations;
    @LocalServerPort int port;

    OrderEventsProducer producer;
    long duplicatesBefore;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        duplicatesBefore = duplicates.count();
    }

    @Test
    void orderCreatedDeliveredTwiceMakesOneShipment() {
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        producer.send(event);
        producer.send(event);

        awaitDuplicatesSkipped(1);
        Shipment shipment = shipments.findByOrderId(event.orderId()).orElseThrow();
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(shipment.getVersion()).isZero();
        assertThat(shipment.getAddress()).isEqualTo(event.shippingAddress());
    }

    @Test
    void orderCreatedDeliveredTenTimesMakesOneShipment() {
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        for (int i = 0; i < 10; i++) {
            producer.send(event);
        }

        awaitDuplicatesSkipped(9);
        assertThat(shipments.findAll()).filteredOn(s -> s.getOrderId() == event.orderId()).hasSize(1);
        assertThat(shipments.findByOrderId(event.orderId()).orElseThrow().getVersion()).isZero();
    }

    @Test
    void copiesOfOneCancelRacingOnTwoListenerThreadsCancelOnce() {
        OrderCreated created = OrderEventsProducer.created(orderIds.incrementAndGet());
        producer.send(created);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(created.orderId()).isPresent());
        long before = duplicates.count();
        OrderCancelled cancel = OrderEventsProducer.cancelled(created);

        for (int i = 0; i < 20; i++) {
            producer.send(cancel); // prefetch 10, two threads: copies are handled at the same time
        }

        // Exactly one copy applies; the 19 others (including optimistic-lock losers, retried) are duplicates.
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates.count() - before == 19);
        Shipment shipment = shipments.findByOrderId(created.orderId()).orElseThrow();
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.getOrderVersion()).isEqualTo(1);
        assertThat(shipment.getVersion()).as("one update of the row").isEqualTo(1);
        assertThat(operations.of(created.orderId())).extracting(AppliedOperation::operation, AppliedOperation::messageId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(created.fingerprint(), created.messageId()),
                        org.assertj.core.groups.Tuple.tuple(cancel.fingerprint(), cancel.messageId()));
    }

    @Test
    void copiesOfOneCreateRacingOnTwoListenerThreadsMakeOneShipment() {
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        for (int i = 0; i < 20; i++) {
            producer.send(event);
        }

        // Losers of the insert race hit the unique order id, are retried, and find the winner's row.
        awaitDuplicatesSkipped(19);
        assertThat(shipments.findAll()).filteredOn(s -> s.getOrderId() == event.orderId()).hasSize(1);
        // The operator's search names the one operation applied, with its message: the losers left no row.
        assertThat(operations.of(event.orderId())).singleElement().satisfies(applied -> {
            assertThat(applied.operation()).isEqualTo(event.fingerprint());
            assertThat(applied.messageId()).isEqualTo(event.messageId());
            assertThat(applied.effect()).isEqualTo("shipment CREATED");
        });
    }

    @Test
    void cancelAfterCreateDeliveredTwiceCancelsOnce() {
        OrderCreated created = OrderEventsProducer.created(orderIds.incrementAndGet());
        OrderCancelled cancelled = OrderEventsProducer.cancelled(created);

        producer.send(created);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(created.orderId()).isPresent());
        producer.send(cancelled);
        producer.send(cancelled);

        awaitDuplicatesSkipped(1);
        Shipment shipment = shipments.findByOrderId(created.orderId()).orElseThrow();
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.getVersion()).isEqualTo(1);
    }

    @Test
    void cancelBeforeCreateWinsAndTheLateCreateIsSkipped() {
        OrderCreated created = OrderEventsProducer.created(orderIds.incrementAndGet());
        OrderCancelled cancelled = OrderEventsProducer.cancelled(created);

        producer.send(cancelled);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(created.orderId()).isPresent());
        producer.send(created);

        awaitDuplicatesSkipped(1);
        Shipment shipment = shipments.findByOrderId(created.orderId()).orElseThrow();
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.getOrderVersion()).isEqualTo(1);
        assertThat(shipment.getAddress()).as("nothing to ship to").isNull();
    }

    @Test
    void shipmentIsReadableOverRestAndAnUnknownOneIsA404Problem() {
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());
        producer.send(event);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(event.orderId()).isPresent());
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                }).build();

        var found = http.get().uri("/shipments/{id}", event.orderId()).retrieve().toEntity(java.util.Map.class);
        var missing = http.get().uri("/shipments/{id}", 424242).retrieve().toEntity(java.util.Map.class);

        assertThat(found.getBody()).containsEntry("status", "CREATED").containsEntry("orderVersion", 0);
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
    }

    private void awaitDuplicatesSkipped(long expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates.count() - duplicatesBefore == expected);
    }
}
