package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;
import com.example.reliable.testsupport.TcpProxy;

import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer's own failures: its database goes away while messages arrive, or it dies between
 * its commit and its ack. Nothing is lost and nothing is applied twice. The service reaches MySQL
 * through a {@link TcpProxy}, so the shared server is never touched.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure(databaseThroughProxy = true)
class ConsumerFailuresIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(3000);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired ShipmentService shipmentService;
    @Autowired DuplicateCounter duplicates;
    @Autowired RabbitListenerEndpointRegistry listeners;
    @Autowired TcpProxy databaseProxy;
    @Autowired CachingConnectionFactory rabbitConnections;

    OrderEventsProducer producer;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
    }

    @AfterEach
    void heal() {
        databaseProxy.restore();
        listeners.start();
    }

    @Test
    void messagesArrivingWhileTheDatabaseIsDownAreAllAppliedOnceItIsBack() {
        databaseProxy.cut();
        List<OrderCreated> events = LongStream.range(0, 5)
                .mapToObj(i -> OrderEventsProducer.created(orderIds.incrementAndGet())).toList();

        events.forEach(producer::send);

        // Held and retried in the listener threads: nothing acked, nothing dead-lettered.
        String dlq = ConsumerQueue.deadLetterQueue(properties.queue());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> rabbit.receive(dlq) == null);

        databaseProxy.restore();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> events.stream().allMatch(event -> shipments.findByOrderId(event.orderId()).isPresent()));
        assertThat(events).allSatisfy(
                event -> assertThat(shipments.findByOrderId(event.orderId()).orElseThrow().getVersion()).isZero());
        assertThat(rabbit.receive(dlq)).isNull();
    }

    @Test
    void consumerThatDiesAfterItsCommitButBeforeItsAckChangesNothingOnRedelivery() throws Exception {
        listeners.stop(); // this test plays the consumer that dies
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());
        producer.send(event);

        // A consumer of its own, on its own connection, so that "dying" closes it for real.
        try (var connection = rabbitConnections.getRabbitConnectionFactory().newConnection()) {
            var channel = connection.createChannel();
            var delivery = await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.basicGet(properties.queue(), false), response -> response != null);
            OrderCreated received = JsonMapper.builder().build()
                    .readValue(new String(delivery.getBody(), StandardCharsets.UTF_8), OrderCreated.class);
            shipmentService.apply(received); // committed...
        } // ...and the connection is gone before the ack: the broker delivers the message again
        long duplicatesBefore = duplicates.count();
        assertThat(shipments.findByOrderId(event.orderId())).isPresent();

        listeners.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == duplicatesBefore + 1);
        Shipment shipment = shipments.findByOrderId(event.orderId()).orElseThrow();
        assertThat(shipment.getVersion()).as("the redelivery changed nothing").isZero();
    }
}
