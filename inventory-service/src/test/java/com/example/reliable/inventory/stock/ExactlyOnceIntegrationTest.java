package com.example.reliable.inventory.stock;

import static com.example.reliable.testsupport.OrderEventsProducer.cancelled;
import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.inventory.idempotency.IdempotencyCheck;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;

/**
 * However often an order event arrives, one after another or at the same moment, the stock changes
 * once: one {@code t_check} row per product of the operation, one reservation per order. A create
 * takes all of its lines or none, a cancel gives back only what was taken, and concurrent orders
 * never take the stock below zero.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
class ExactlyOnceIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(1000);

    @Autowired RabbitTemplate rabbit;
    @Autowired AmqpAdmin admin;
    @Autowired InventoryMessagingProperties properties;
    @Autowired DuplicateCounter duplicates;
    @Autowired JdbcClient jdbc;
    @Autowired IdempotencyCheck tCheck;
    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    OrderEventsProducer producer;
    InventoryTables tables;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        tables = new InventoryTables(jdbc);
    }

    @Test
    void orderCreatedDeliveredTwiceTakesTheStockOnce() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 2), line("SKU-2", 1));
        int sku1 = tables.stock("SKU-1");
        int sku2 = tables.stock("SKU-2");

        producer.send(order);
        awaitStatus(order.orderId(), ReservationStatus.RESERVED);
        long skipped = duplicates.count();
        producer.send(order);

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == skipped + 1);
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1 - 2);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2 - 1);
        assertThat(tables.checkRows(order.fingerprint())).as("one t_check row per product").isEqualTo(2);
    }

    @Test
    void orderCreatedDeliveredTenTimesTakesTheStockOnce() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-1", 3));
        int sku1 = tables.stock("SKU-1");
        long skipped = duplicates.count();

        for (int delivery = 1; delivery <= 10; delivery++) {
            producer.send(order);
            long expectedSkips = skipped + delivery - 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(order.orderId()).isPresent()
                    && duplicates.count() == expectedSkips);
        }

        assertThat(tables.stock("SKU-1")).isEqualTo(sku1 - 3);
        assertThat(tables.checkRows(order.fingerprint())).isEqualTo(1);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.RESERVED);
    }

    @Test
    void tenCopiesDeliveredAtOnceTakeTheStockOnce() {
        // Lines out of product order and one product twice: locks are still taken in one order, and
        // the product's t_check row is still one.
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-3", 1), line("SKU-1", 1), line("SKU-2", 2),
                line("SKU-1", 1));
        Map<String, Integer> before = Map.of("SKU-1", tables.stock("SKU-1"), "SKU-2", tables.stock("SKU-2"), "SKU-3",
                tables.stock("SKU-3"));
        long skipped = duplicates.count();

        // Published in a burst: with prefetch 10 and two consumers, copies run side by side, and the
        // second insert of a t_check row waits for the first transaction, then fails on the unique key.
        IntStream.range(0, 10).forEach(copy -> producer.send(order));

        await().atMost(Duration.ofSeconds(15)).until(() -> duplicates.count() == skipped + 9);
        assertThat(tables.stock("SKU-1")).isEqualTo(before.get("SKU-1") - 2);
        assertThat(tables.stock("SKU-2")).isEqualTo(before.get("SKU-2") - 2);
        assertThat(tables.stock("SKU-3")).isEqualTo(before.get("SKU-3") - 1);
        assertThat(tables.checkRows(order.fingerprint())).isEqualTo(3);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.RESERVED);
        assertThat(deadLetterCount()).as("no copy failed its way to the dead-letter queue").isZero();
    }

    @Test
    void cancelDeliveredTwiceGivesTheStockBackOnce() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-4", 5));
        OrderCancelled cancel = cancelled(order);
        int sku4 = tables.stock("SKU-4");
        producer.send(order);
        awaitStatus(order.orderId(), ReservationStatus.RESERVED);
        assertThat(tables.stock("SKU-4")).isEqualTo(sku4 - 5);
        long skipped = duplicates.count();

        producer.send(cancel);
        producer.send(cancel);

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == skipped + 1);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.RELEASED);
        assertThat(tables.stock("SKU-4")).as("given back once, not twice").isEqualTo(sku4);
        assertThat(tables.checkRows(cancel.fingerprint())).isEqualTo(1);
        // The operator's search: the two operations applied to the order, each with the message that applied it.
        assertThat(tCheck.appliedStartingWith(OrderEvents.fingerprintPrefix(order.orderId())))
                .extracting(IdempotencyCheck.Applied::fingerprint, IdempotencyCheck.Applied::messageId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(order.fingerprint(), order.messageId()),
                        org.assertj.core.groups.Tuple.tuple(cancel.fingerprint(), cancel.messageId()));
    }

    @Test
    void cancelThatOvertakesItsCreateMeansTheCreateTakesNothing() {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-4", 2));
        OrderCancelled cancel = cancelled(order);
        int sku4 = tables.stock("SKU-4");

        producer.send(cancel);
        awaitStatus(order.orderId(), ReservationStatus.CANCELLED_BEFORE_CREATE);
        assertThat(tables.stock("SKU-4")).as("a cancel with nothing reserved gives nothing back").isEqualTo(sku4);
        long skipped = duplicates.count();
        producer.send(order);
        producer.send(order);

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == skipped + 1);
        assertThat(tables.checkRows(order.fingerprint())).as("the create was applied, as taking nothing").isEqualTo(1);
        assertThat(tables.stock("SKU-4")).isEqualTo(sku4);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.CANCELLED_BEFORE_CREATE);
    }

    @Test
    void cancelCommittedWhileItsCreateIsInFlightMakesTheCreateTakeNothing() throws Exception {
        OrderCreated order = created(orderIds.incrementAndGet(), line("SKU-3", 2));
        OrderCancelled cancel = cancelled(order);
        int sku3 = tables.stock("SKU-3");

        // The test holds SKU-3's row lock, so the create stops halfway: t_check marked, no
        // reservation seen, waiting to lock the stock. Meanwhile the cancel finds no reservation
        // either, records CANCELLED_BEFORE_CREATE and commits.
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().executeQuery("SELECT stock FROM products WHERE id = 'SKU-3' FOR UPDATE").close();
            producer.send(order);
            await().atMost(Duration.ofSeconds(10)).until(() -> transactionsWaitingForALock() == 1);
            producer.send(cancel);
            awaitStatus(order.orderId(), ReservationStatus.CANCELLED_BEFORE_CREATE);
            lock.rollback();
        }

        // The create takes the stock, fails on the reservation's primary key, rolls back (stock and
        // t_check rows with it), is retried, and now sees the order cancelled.
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.checkRows(order.fingerprint()) == 1);
        assertThat(tables.stock("SKU-3")).isEqualTo(sku3);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.CANCELLED_BEFORE_CREATE);
        assertThat(deadLetterCount()).isZero();
    }

    /** Transactions of this test's database that wait for a row lock. */
    private int transactionsWaitingForALock() {
        return jdbc.sql("""
                SELECT COUNT(*) FROM information_schema.INNODB_TRX t
                JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
                WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()""").query(Integer.class).single();
    }

    @Test
    void orderThatCannotBeCoveredTakesNothingAtAll() {
        // SKU-2 comes first and could be covered; SKU-3 cannot. Nothing may be taken from SKU-2.
        OrderCreated tooMuch = created(orderIds.incrementAndGet(), line("SKU-2", 1), line("SKU-3", 1_000));
        OrderCreated unknown = created(orderIds.incrementAndGet(), line("SKU-2", 1), line("SKU-404", 1));
        int sku2 = tables.stock("SKU-2");
        int sku3 = tables.stock("SKU-3");

        producer.send(tooMuch);
        producer.send(unknown);

        awaitStatus(tooMuch.orderId(), ReservationStatus.REJECTED);
        awaitStatus(unknown.orderId(), ReservationStatus.REJECTED);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2);
        assertThat(tables.stock("SKU-3")).isEqualTo(sku3);

        // Cancelling a rejected order gives nothing back either: it holds nothing.
        OrderCancelled cancel = cancelled(tooMuch);
        producer.send(cancel);
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.checkRows(cancel.fingerprint()) == 2);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2);
        assertThat(tables.stock("SKU-3")).isEqualTo(sku3);
        assertThat(tables.status(tooMuch.orderId())).hasValue(ReservationStatus.REJECTED);
    }

    @Test
    void lastUnitsAreNeverOversold() {
        // SKU-5 has three units; ten orders for one unit each arrive at once, two consumers take them.
        assertThat(tables.stock("SKU-5")).isEqualTo(3);
        long first = orderIds.get() + 1;
        List<OrderCreated> orders = IntStream.range(0, 10)
                .mapToObj(i -> created(orderIds.incrementAndGet(), line("SKU-5", 1))).toList();
        long last = orderIds.get();

        orders.forEach(producer::send);

        await().atMost(Duration.ofSeconds(15)).until(() -> tables.reservationsWith(ReservationStatus.RESERVED, first, last)
                + tables.reservationsWith(ReservationStatus.REJECTED, first, last) == 10);
        assertThat(tables.reservationsWith(ReservationStatus.RESERVED, first, last)).isEqualTo(3);
        assertThat(tables.reservationsWith(ReservationStatus.REJECTED, first, last)).isEqualTo(7);
        assertThat(tables.stock("SKU-5")).isZero();

        // The same, as a client of the REST API sees it.
        RestClient http = RestClient.create("http://localhost:" + port);
        assertThat(http.get().uri("/products/SKU-5").retrieve().body(Map.class)).containsEntry("stock", 0);
        assertThat(http.get().uri("/reservations/{id}", first).retrieve().body(Map.class))
                .containsEntry("orderId", (int) first).containsKey("status");
    }

    private void awaitStatus(long orderId, ReservationStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tables.status(orderId).orElse(null) == status);
    }

    private long deadLetterCount() {
        return admin.getQueueInfo(ConsumerQueue.deadLetterQueue(properties.queue())).getMessageCount();
    }
}
