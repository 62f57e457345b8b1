package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;
import com.example.reliable.consuming.ConflictCounter;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Inventory's replies decide an order's status, each exactly once: StockReserved → CONFIRMED,
 * StockRejected → REJECTED and cancelled through the usual path (its OrderCancelled goes out, so
 * logistics cancels the shipment). A reply delivered five times changes the order once; a reply
 * about an order that does not exist goes to the dead-letter queue; an unreadable one moved back
 * from there by a shovel, its {@code x-death} header with it, goes there again. And a reply is taken
 * only when it answers what was asked: one at another version, one that contradicts the answer the
 * order took, or stock given back that was never taken is refused to the dead-letter queue, counted,
 * and kept off the timeline. No inventory runs here: every reply is the test's, as a forger's would be.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
class StockRepliesIntegrationTest {

    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired OrderMessagingProperties properties;
    @Autowired OrderRepository orders;
    @Autowired DuplicateCounter duplicates;
    @Autowired ConflictCounter conflicts;
    @Autowired JsonMapper json;
    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    BoundQueue orderEvents;
    OrdersClient client;

    @BeforeEach
    void setUp() {
        orderEvents = BoundQueue.bind(admin, rabbit, exchange);
        client = new OrdersClient(port);
    }

    @AfterEach
    void deleteQueue() {
        orderEvents.delete();
    }

    @Test
    void aReservationDeliveredFiveTimesConfirmsTheOrderOnce() {
        long orderId = place();
        long duplicatesBefore = duplicates.count();
        var reply = new StockReserved(UUID.randomUUID().toString(), Instant.now(), orderId, 0);

        for (int i = 0; i < 5; i++) {
            send(InventoryEvents.RESERVED, reply.messageId(), reply);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == duplicatesBefore + 4);
        Order order = orders.findById(orderId).orElseThrow();
        assertThat(order.getStatus()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.getVersion()).as("one change").isEqualTo(1);
        assertThat(client.get(orderId).getBody()).containsEntry("status", "CONFIRMED");
        assertThat(orderEvents.next()).as("a confirmation sends nothing").isNull();
    }

    @Test
    void aRejectionCancelsTheOrderThroughTheUsualPathOnce() {
        long orderId = place();
        var reply = new StockRejected(UUID.randomUUID().toString(), Instant.now(), orderId, 0, "SKU-5: too few");

        send(InventoryEvents.REJECTED, reply.messageId(), reply);
        send(InventoryEvents.REJECTED, reply.messageId(), reply);

        Message cancelled = orderEvents.next();
        assertThat(cancelled).isNotNull();
        assertThat(cancelled.getMessageProperties().getReceivedRoutingKey()).isEqualTo(OrderEvents.CANCELLED);
        OrderCancelled event = json.readValue(new String(cancelled.getBody(), StandardCharsets.UTF_8),
                OrderCancelled.class);
        assertThat(event.orderId()).isEqualTo(orderId);
        assertThat(event.orderVersion()).isEqualTo(1);
        assertThat(orders.findById(orderId).orElseThrow().getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(orderEvents.next()).as("the repeated rejection sends nothing").isNull();
        assertThat(client.cancel(orderId).getBody()).as("a rejected order stays rejected")
                .containsEntry("status", "REJECTED");
    }

    /**
     * Inventory is away; three replies claim the order's stock is reserved, at a version its create
     * never had. They are refused (the order stays PLACED, nothing on its timeline), and inventory's
     * real answer, a rejection, decides the order when it comes.
     */
    @Test
    void forgedReservationsAtAnotherVersionAreRefusedAndInventorysRealAnswerDecides() {
        long orderId = place();
        double conflictsBefore = conflicts.count();

        for (int i = 0; i < 3; i++) {
            var forged = new StockReserved("forged-" + i + "-" + orderId, Instant.now(), orderId, 999_999);
            send(InventoryEvents.RESERVED, forged.messageId(), forged);
        }

        List<Message> refused = DeadLetters.take(rabbit, repliesDeadLetterQueue(), 3);
        assertThat(refused).allSatisfy(message -> assertThat(DeadLetters.reason(message)).isEqualTo("rejected"));
        assertThat(conflicts.count()).isEqualTo(conflictsBefore + 3);
        assertThat(orders.findById(orderId).orElseThrow().getStatus()).isEqualTo(OrderStatus.PLACED);
        assertThat(client.timelineEvents(orderId)).doesNotContain("stock-reserved");

        var real = new StockRejected(UUID.randomUUID().toString(), Instant.now(), orderId, 0, "SKU-5: 3 of 5");
        send(InventoryEvents.REJECTED, real.messageId(), real);

        await().atMost(Duration.ofSeconds(10)).until(() -> orders.findById(orderId).orElseThrow().getStatus()
                == OrderStatus.REJECTED);
        assertThat(orderEvents.next().getMessageProperties().getReceivedRoutingKey()).isEqualTo(OrderEvents.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.timelineEvents(orderId).contains("stock-rejected"));
    }

    /** Once an order took its answer, the opposite answer is a contradiction, not a duplicate. */
    @Test
    void aReplyThatContradictsTheAnswerTheOrderTookIsRefused() {
        long confirmedId = place();
        send(InventoryEvents.RESERVED, "reserved-" + confirmedId, new StockReserved("reserved-" + confirmedId,
                Instant.now(), confirmedId, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(confirmedId) == OrderStatus.CONFIRMED);
        long rejectedId = place();
        send(InventoryEvents.REJECTED, "rejected-" + rejectedId, new StockRejected("rejected-" + rejectedId,
                Instant.now(), rejectedId, 0, "SKU-1: 0 of 1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(rejectedId) == OrderStatus.REJECTED);
        assertThat(orderEvents.next()).as("the rejection's OrderCancelled").isNotNull();
        double conflictsBefore = conflicts.count();

        send(InventoryEvents.REJECTED, "contradiction-1", new StockRejected("contradiction-1", Instant.now(),
                confirmedId, 0, "SKU-1: 0 of 1"));
        send(InventoryEvents.RESERVED, "contradiction-2", new StockReserved("contradiction-2", Instant.now(),
                rejectedId, 0));
        send(InventoryEvents.REJECTED, "contradiction-3", new StockRejected("contradiction-3", Instant.now(),
                rejectedId, 0, "another reason"));

        assertThat(DeadLetters.take(rabbit, repliesDeadLetterQueue(), 3))
                .extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder("contradiction-1", "contradiction-2", "contradiction-3");
        assertThat(conflicts.count()).isEqualTo(conflictsBefore + 3);
        assertThat(status(confirmedId)).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(status(rejectedId)).isEqualTo(OrderStatus.REJECTED);
        assertThat(orderEvents.next()).as("no cancel of the confirmed order").isNull();
        assertThat(client.timelineEvents(confirmedId)).doesNotContain("stock-rejected");
        assertThat(client.timelineEvents(rejectedId)).doesNotContain("stock-reserved");
    }

    /**
     * The customer cancelled before inventory answered: the answer, when it comes, is recorded (it is
     * the true one) and the order stays CANCELLED; inventory's release answers the cancel. A release
     * of stock that inventory never took, or at a version no cancel had, is refused.
     */
    @Test
    void aLateAnswerToACancelledOrderIsRecordedAndOnlyATrueReleaseIsTaken() {
        long cancelledId = place();
        assertThat(client.cancel(cancelledId).getBody()).containsEntry("status", "CANCELLED");
        long duplicatesBefore = duplicates.count();
        double conflictsBefore = conflicts.count();

        send(InventoryEvents.RESERVED, "late-" + cancelledId, new StockReserved("late-" + cancelledId, Instant.now(),
                cancelledId, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.timelineEvents(cancelledId).contains("stock-reserved"));
        send(InventoryEvents.RELEASED, "released-" + cancelledId, new StockReleased("released-" + cancelledId,
                Instant.now(), cancelledId, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.timelineEvents(cancelledId).contains("stock-released"));
        Order cancelled = orders.findById(cancelledId).orElseThrow();
        assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.getVersion()).as("the late answer leaves the order's version").isEqualTo(1);
        assertThat(duplicates.count()).isEqualTo(duplicatesBefore);

        long rejectedId = place();
        send(InventoryEvents.REJECTED, "rejected-" + rejectedId, new StockRejected("rejected-" + rejectedId,
                Instant.now(), rejectedId, 0, "SKU-1: 0 of 1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(rejectedId) == OrderStatus.REJECTED);
        send(InventoryEvents.RELEASED, "never-taken", new StockReleased("never-taken", Instant.now(), rejectedId, 1));
        send(InventoryEvents.RELEASED, "no-such-cancel", new StockReleased("no-such-cancel", Instant.now(),
                cancelledId, 7));

        assertThat(DeadLetters.take(rabbit, repliesDeadLetterQueue(), 2))
                .extracting(message -> message.getMessageProperties().getMessageId())
                .containsExactlyInAnyOrder("never-taken", "no-such-cancel");
        assertThat(conflicts.count()).isEqualTo(conflictsBefore + 2);
        assertThat(client.timelineEvents(rejectedId)).doesNotContain("stock-released");
    }

    /** Two different answers at once: the answer's primary key lets one in; the other is a conflict. */
    @Test
    void ofTwoDifferentAnswersArrivingTogetherOneDecidesAndTheOtherIsRefused() {
        long orderId = place();
        double conflictsBefore = conflicts.count();

        send(InventoryEvents.RESERVED, "racing-reserved", new StockReserved("racing-reserved", Instant.now(), orderId, 0));
        send(InventoryEvents.REJECTED, "racing-rejected", new StockRejected("racing-rejected", Instant.now(), orderId,
                0, "SKU-1: 0 of 1"));

        Message loser = DeadLetters.take(rabbit, repliesDeadLetterQueue(), 1).get(0);
        assertThat(conflicts.count()).isEqualTo(conflictsBefore + 1);
        OrderStatus decided = status(orderId);
        assertThat(decided).isIn(OrderStatus.CONFIRMED, OrderStatus.REJECTED);
        assertThat(loser.getMessageProperties().getMessageId())
                .isEqualTo(decided == OrderStatus.CONFIRMED ? "racing-rejected" : "racing-reserved");
    }

    @Test
    void aReplyAboutAnOrderThatDoesNotExistIsDeadLettered() {
        var reply = new StockReserved("no-such-order", Instant.now(), 987_654_321L, 0);

        send(InventoryEvents.RESERVED, reply.messageId(), reply);

        List<Message> deadLetters = DeadLetters.take(rabbit, ConsumerQueue.deadLetterQueue(properties.repliesQueue()), 1);
        assertThat(deadLetters.get(0).getMessageProperties().getMessageId()).isEqualTo("no-such-order");
        assertThat(DeadLetters.reason(deadLetters.get(0))).isEqualTo("rejected");
    }

    @Test
    void aDeadLetterMovedBackTheWayAShovelDoesItFailingAgainIsInTheDeadLetterQueueAgain() {
        rabbit.send(properties.repliesExchange(), InventoryEvents.RESERVED, MessageBuilder
                .withBody("this is not JSON".getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setMessageId("moved-back")
                .setType(StockReserved.class.getSimpleName())
                .build());
        String dlq = ConsumerQueue.deadLetterQueue(properties.repliesQueue());

        assertThat(DeadLetters.moveBackLikeAShovel(rabbit, dlq, properties.repliesQueue())).isEqualTo("moved-back");

        Message again = DeadLetters.take(rabbit, dlq, 1).get(0);
        assertThat(again.getMessageProperties().getMessageId()).isEqualTo("moved-back");
        assertThat(DeadLetters.reason(again)).isEqualTo("rejected");
        assertThat(DeadLetters.count(again)).as("dead-lettered again, not dropped").isEqualTo(2L);
    }

    /**
     * Found by the long fault run: a customer's cancel that races inventory's confirmation. The
     * cancel read the order PLACED at version 0; the confirmation committed version 1 first; the
     * cancel's "version 0 → 1" could not commit. It must try again at version 1, not answer 200
     * with the confirmed order as if the cancel had happened.
     */
    @Test
    void aCancelThatLosesTheRaceToTheConfirmationIsAppliedAfterIt() throws Exception {
        long orderId = place();

        CompletableFuture<ResponseEntity<Map>> cancel;
        try (Connection confirmation = dataSource.getConnection()) {
            // The confirmation, as the stock reply applies it, holding its row lock until we commit.
            confirmation.setAutoCommit(false);
            try (var update = confirmation.prepareStatement(
                    "UPDATE orders SET status = 'CONFIRMED', version = version + 1 WHERE id = ? AND version = 0")) {
                update.setLong(1, orderId);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            cancel = CompletableFuture.supplyAsync(() -> client.cancel(orderId));
            // The cancel read version 0 and now waits for the row lock with its own UPDATE.
            await().atMost(Duration.ofSeconds(10)).until(() -> lockWaits() > 0);
            confirmation.commit();
        }

        ResponseEntity<Map> answer = cancel.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).containsEntry("status", "CANCELLED").containsEntry("version", 2);
        Message cancelled = orderEvents.next();
        assertThat(cancelled).as("OrderCancelled published").isNotNull();
        assertThat(json.readValue(new String(cancelled.getBody(), StandardCharsets.UTF_8), OrderCancelled.class)
                .orderVersion()).isEqualTo(2);
        assertThat(orderEvents.next()).as("only the cancel that committed").isNull();
    }

    private OrderStatus status(long orderId) {
        return orders.findById(orderId).orElseThrow().getStatus();
    }

    private String repliesDeadLetterQueue() {
        return ConsumerQueue.deadLetterQueue(properties.repliesQueue());
    }

    private long lockWaits() throws Exception {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")) {
            result.next();
            return result.getLong(1);
        }
    }

    private long place() {
        long orderId = ((Number) client.place(OrdersClient.order("c-reply", "SKU-1", 1)).getBody().get("id")).longValue();
        assertThat(orderEvents.next()).isNotNull(); // OrderCreated
        return orderId;
    }

    private void send(String routingKey, String messageId, Object reply) {
        rabbit.send(properties.repliesExchange(), routingKey, MessageBuilder
                .withBody(json.writeValueAsString(reply).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setMessageId(messageId)
                .setType(reply.getClass().getSimpleName())
                .build());
    }
}
