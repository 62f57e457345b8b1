package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import tools.jackson.databind.json.JsonMapper;

/** The happy path: an order change reaches the exchange as a persistent, identified message, and its record goes. */
@OrderServiceIntegrationTest
@Tag("store-contract") // run with each store: see order-service/pom.xml
@IsolatedInfrastructure
class OrderPublishingIntegrationTest {

    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired MessageStore store;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BoundQueue queue;
    OrdersClient client;

    @BeforeEach
    void bindQueue() {
        queue = BoundQueue.bind(admin, rabbit, exchange);
        client = new OrdersClient(port);
    }

    @AfterEach
    void deleteQueue() {
        queue.delete();
    }

    @Test
    void theStoreIsTheOneThisRunAsksFor() {
        // The store contract runs these classes once per store (order-service/pom.xml).
        boolean jdbc = "jdbc".equals(System.getProperty("reliable.publishing.store", "redis"));
        assertThat(store.savesInCallersTransaction()).as("the database outbox is in use").isEqualTo(jdbc);
    }

    @Test
    void placedOrderArrivesAsPersistentMessageWithItsIdAndLeavesNoRecord() {
        var placed = client.place(OrdersClient.order("c-1", "SKU-1", 2));
        long orderId = ((Number) placed.getBody().get("id")).longValue();

        Message message = queue.next();

        assertThat(message).isNotNull();
        var properties = message.getMessageProperties();
        assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(properties.getReceivedRoutingKey()).isEqualTo(OrderEvents.CREATED);
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getType()).isEqualTo("OrderCreated");
        OrderCreated event = json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), OrderCreated.class);
        assertThat(properties.getMessageId()).isEqualTo(event.messageId());
        assertThat(event.orderId()).isEqualTo(orderId);
        assertThat(event.orderVersion()).isZero();
        assertThat(event.lines()).singleElement().satisfies(line -> {
            assertThat(line.productId()).isEqualTo("SKU-1");
            assertThat(line.quantity()).isEqualTo(2);
        });
        assertThat(event.shippingAddress().city()).isEqualTo("Springfield");
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
                .as("the operation's name travels on the wire").contains("\"fingerprint\":\"order-" + orderId + "-created-v0\"");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(store.find(event.messageId())).isEmpty();
            assertThat(store.count(MessageStatus.SENDING)).isZero();
        });
    }

    @Test
    void cancellingTwiceSendsOneOrderCancelledWithTheNextVersion() {
        var placed = client.place(OrdersClient.order("c-2", "SKU-2", 1));
        Object orderId = placed.getBody().get("id");
        assertThat(queue.next()).isNotNull(); // OrderCreated

        var first = client.cancel(orderId);
        var second = client.cancel(orderId);

        assertThat(first.getBody()).containsEntry("status", "CANCELLED").containsEntry("version", 1);
        assertThat(second.getBody()).containsEntry("status", "CANCELLED").containsEntry("version", 1);
        Message cancelled = queue.next();
        assertThat(cancelled).isNotNull();
        assertThat(cancelled.getMessageProperties().getReceivedRoutingKey()).isEqualTo(OrderEvents.CANCELLED);
        OrderCancelled event = json.readValue(new String(cancelled.getBody(), StandardCharsets.UTF_8),
                OrderCancelled.class);
        assertThat(event.orderVersion()).isEqualTo(1);
        assertThat(event.lines()).hasSize(1);
        assertThat(queue.next()).as("the second cancel sends nothing").isNull();
    }

    @Test
    void cancelsAtTheSameMomentSendOneOrderCancelledAndLeaveNoRecord() throws Exception {
        Object orderId = client.place(OrdersClient.order("c-race", "SKU-2", 1)).getBody().get("id");
        assertThat(queue.next()).isNotNull(); // OrderCreated

        // Each cancel stores its OrderCancelled before its transaction; only one transaction may commit.
        var pool = Executors.newFixedThreadPool(8);
        try {
            var start = new CountDownLatch(1);
            List<Future<ResponseEntity<Map>>> cancels = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> {
                start.await();
                return client.cancel(orderId);
            })).toList();
            start.countDown();
            for (var cancel : cancels) {
                assertThat(cancel.get().getBody()).containsEntry("status", "CANCELLED").containsEntry("version", 1);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(queue.next()).isNotNull().satisfies(message -> assertThat(message.getMessageProperties()
                .getReceivedRoutingKey()).isEqualTo(OrderEvents.CANCELLED));
        assertThat(queue.next()).as("one OrderCancelled, whichever cancel won").isNull();
        assertThat(store.count(MessageStatus.SENDING)).as("the losers' records were discarded").isZero();
    }

    @Test
    void unknownOrderIsA404Problem() {
        var response = client.cancel(987654);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getBody()).containsEntry("title", "Order not found");
    }
}
