package com.example.reliable.inventory.stock;

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

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-service answers every order event that changes its stock, once: {@link StockReserved},
 * {@link StockRejected}, {@link StockReleased}, published from its database outbox after the stock
 * transaction committed, and the outbox row is gone once the broker confirmed it.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
class StockRepliesIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(8000);

    @Autowired RabbitTemplate rabbit;
    @Autowired AmqpAdmin admin;
    @Autowired TopicExchange repliesExchange;
    @Autowired InventoryMessagingProperties properties;
    @Autowired JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();
    OrderEventsProducer producer;
    InventoryTables tables;
    BoundQueue replies;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        tables = new InventoryTables(jdbc);
        replies = BoundQueue.bind(admin, rabbit, repliesExchange);
    }

    @AfterEach
    void deleteQueue() {
        replies.delete();
    }

    @Test
    void aReservationIsAnsweredWithStockReservedAndItsOutboxRowGoes() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        producer.send(order);

        Message reply = replies.next();
        assertThat(reply).isNotNull();
        assertThat(reply.getMessageProperties().getReceivedRoutingKey()).isEqualTo(InventoryEvents.RESERVED);
        assertThat(reply.getMessageProperties().getType()).isEqualTo("StockReserved");
        StockReserved reserved = read(reply, StockReserved.class);
        assertThat(reserved.orderId()).isEqualTo(order.orderId());
        assertThat(reserved.orderVersion()).isEqualTo(order.orderVersion());
        assertThat(reply.getMessageProperties().getMessageId()).isEqualTo(reserved.messageId());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }

    @Test
    void anOrderTheStockCannotCoverIsAnsweredWithStockRejected() {
        OrderCreated tooMany = created(orderIds.incrementAndGet(), line("SKU-5", 50)); // SKU-5 has 3

        producer.send(tooMany);

        Message reply = replies.next();
        assertThat(reply.getMessageProperties().getReceivedRoutingKey()).isEqualTo(InventoryEvents.REJECTED);
        StockRejected rejected = read(reply, StockRejected.class);
        assertThat(rejected.orderId()).isEqualTo(tooMany.orderId());
        assertThat(rejected.reason()).contains("SKU-5");
    }

    @Test
    void aCancelThatGivesStockBackIsAnsweredWithStockReleased() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-2", 1));
        producer.send(order);
        assertThat(replies.next().getMessageProperties().getReceivedRoutingKey()).isEqualTo(InventoryEvents.RESERVED);

        producer.send(cancelled(order));

        Message reply = replies.next();
        assertThat(reply.getMessageProperties().getReceivedRoutingKey()).isEqualTo(InventoryEvents.RELEASED);
        assertThat(read(reply, StockReleased.class).orderVersion()).isEqualTo(order.orderVersion() + 1);
    }

    /**
     * A cancel that overtook its create (here one nobody at order-service sent: a forged cancel for
     * the next order id) leaves the reservation CANCELLED_BEFORE_CREATE. The create, when it comes,
     * takes nothing and is answered all the same, so that the order does not wait for ever.
     */
    @Test
    void aCreateAfterItsCancelTakesNothingAndIsAnsweredWithStockRejected() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 1));
        int stockBefore = tables.stock("SKU-1");
        producer.send(cancelled(order));
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId())
                .filter(status -> status == ReservationStatus.CANCELLED_BEFORE_CREATE).isPresent());
        assertThat(replies.next()).as("a cancel of an order that holds nothing is not answered").isNull();

        producer.send(order);

        Message reply = replies.next();
        assertThat(reply).as("the create is answered").isNotNull();
        assertThat(reply.getMessageProperties().getReceivedRoutingKey()).isEqualTo(InventoryEvents.REJECTED);
        StockRejected rejected = read(reply, StockRejected.class);
        assertThat(rejected.orderId()).isEqualTo(order.orderId());
        assertThat(rejected.orderVersion()).isEqualTo(order.orderVersion());
        assertThat(rejected.reason()).isEqualTo("the order was cancelled before inventory received it: no stock was taken");
        assertThat(tables.stock("SKU-1")).isEqualTo(stockBefore);
        producer.send(order);
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
        assertThat(replies.next()).as("a duplicate of the create is not answered again").isNull();
    }

    @Test
    void anOrderEventDeliveredFiveTimesIsAnsweredOnce() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-3", 1));

        for (int i = 0; i < 5; i++) {
            producer.send(order);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId()).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
        assertThat(replies.drainIds()).as("one reply for one operation").hasSize(1);
    }

    /**
     * The operator's retry where no operator API runs (README "The reply leg"): the statement
     * {@code JdbcMessageStore.retry} runs, FAILED → SENDING with its attempts reset, due now.
     */
    static final String OPERATOR_RETRY = "UPDATE outbox_messages SET status = 'SENDING', attempts = 0, "
            + "next_attempt_at = UTC_TIMESTAMP(6), failed_at = NULL, last_error = NULL WHERE id = ? AND status = 'FAILED'";

    @Test
    void aReplyNoQueueTakesIsFailedAfterThreeAttemptsAndTheOperatorsStatementSendsItAgain() {
        replies.delete(); // nothing bound to the replies exchange: every publish comes back (mandatory)
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-4", 1));
        producer.send(order);

        await().atMost(Duration.ofSeconds(30)).until(() -> failedRows() == 1);
        var failed = jdbc.sql("SELECT id, attempts, last_error FROM outbox_messages WHERE status = 'FAILED'")
                .query((row, n) -> new Object[] { row.getString(1), row.getInt(2), row.getString(3) }).single();
        assertThat(failed[1]).isEqualTo(3);
        assertThat((String) failed[2]).startsWith("unroutable");

        replies = BoundQueue.bind(admin, rabbit, repliesExchange);
        assertThat(jdbc.sql(OPERATOR_RETRY).param(failed[0]).update()).isEqualTo(1);

        Message reply = replies.next();
        assertThat(reply).isNotNull();
        assertThat(reply.getMessageProperties().getMessageId()).isEqualTo(failed[0]);
        assertThat(read(reply, StockReserved.class).orderId()).isEqualTo(order.orderId());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }

    private long failedRows() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'FAILED'").query(Long.class).single();
    }

    private long outboxRows() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages").query(Long.class).single();
    }

    private <T> T read(Message message, Class<T> type) {
        return json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), type);
    }
}
