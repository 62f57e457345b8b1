package com.example.reliable.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.Binding;

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.system.fault.FaultReport.Row;
import com.example.reliable.system.fault.LoadGenerator.PlacedOrder;
import com.example.reliable.testsupport.OrderEventsProducer;

/**
 * The evidence for "no message lost, none applied twice": the three services run as processes
 * against real servers, clients place and cancel orders, and while they do, one thing breaks per
 * scenario. After a recovery window the {@link Ledger} checks every accepted order: exactly one
 * shipment in the right state, exactly one stock effect per line, no record stranded in SENDING.
 * Each scenario asserts 0 lost, 0 double effects, 0 stranded; the table of all scenarios is printed,
 * written to {@code target/fault-report.json}, and is the message of any failed assertion.
 * <p>
 * Quick by default (part of {@code ./mvnw verify}); {@code -Dfault.size=long} pushes harder. Needs
 * root, RabbitMQ and redis-server installed (it starts a RabbitMQ node and a Redis of its own and
 * never touches the shared ones); skipped otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionSuiteTest {

    private static final Path REPORT = Path.of("target", "fault-report.json");

    static FaultStand stand;
    static FaultSize size;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(PrivateRabbitNode.available() && PrivateRedis.available(),
                "the fault-injection suite runs as root with rabbitmq-server and redis-server installed");
        size = FaultSize.fromEnvironment();
        stand = FaultStand.start(size);
    }

    @AfterAll
    static void stop() {
        if (stand != null) {
            stand.reportAndClose(REPORT, "Fault-injection report");
        }
    }

    @Test
    @Order(1)
    void brokerKilledAndRestartedMidLoad() throws Exception {
        var run = new ScenarioRun(stand, "1 broker SIGKILL + restart",
                "RabbitMQ's beam.smp killed with SIGKILL and restarted " + size.cycles() + " times mid-load");
        Duration between = size.spread().dividedBy(size.cycles() + 1);
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            for (int i = 0; i < size.cycles(); i++) {
                Thread.sleep(between.toMillis());
                stand.rabbit().kill();
                Thread.sleep(1000);
                stand.rabbit().restart();
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(2)
    void brokerClosesEveryConnection() throws Exception {
        var run = new ScenarioRun(stand, "2 close_all_connections",
                "rabbitmqctl close_all_connections, " + size.cycles() + " times mid-load");
        Duration between = size.spread().dividedBy(size.cycles() + 1);
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            for (int i = 0; i < size.cycles(); i++) {
                Thread.sleep(between.toMillis());
                stand.rabbit().closeAllConnections("fault test");
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(3)
    void brokerFrozenLongerThanTheHeartbeat() throws Exception {
        var run = new ScenarioRun(stand, "3 broker SIGSTOP > heartbeat",
                "beam.smp paused with SIGSTOP for " + size.pause().toSeconds() + " s (heartbeat 5 s), then SIGCONT");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(3).toMillis());
            stand.rabbit().pause();
            try {
                Thread.sleep(size.pause().toMillis());
            }
            finally {
                stand.rabbit().resume();
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(4)
    void redisKilledWhileMessagesWaitAndRestartedFromItsAppendOnlyFile() throws Exception {
        var run = new ScenarioRun(stand, "4 Redis SIGKILL + restart",
                "redis-server (" + stand.redis().appendOnly().describe() + ") killed with SIGKILL mid-load while the "
                        + "broker was down, so that records waited in it; restarted on its data directory, then the broker");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(4).toMillis());
            stand.rabbit().kill();
            Thread.sleep(size.spread().dividedBy(4).toMillis());
            run.note(stand.operator().records("SENDING").size() + " records SENDING in Redis when it was killed");
            stand.redis().kill();
            Thread.sleep(size.outage().toMillis());
            stand.redis().restart();
            Thread.sleep(1000);
            stand.rabbit().restart();
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(5)
    void orderServiceKilledMidLoad() throws Exception {
        var run = new ScenarioRun(stand, "5 order-service SIGKILL",
                "order-service killed with SIGKILL (destroyForcibly) mid-load and started again");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            for (int i = 0; i < (size.cycles() + 1) / 2; i++) {
                Thread.sleep(size.spread().dividedBy(3).toMillis());
                stand.duplicates().bankBeforeKill("order-service");
                stand.services().kill("order-service");
                stand.services().restart("order-service");
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(6)
    void consumerKilledMidLoad() throws Exception {
        List<String> victims = size == FaultSize.QUICK ? List.of("inventory-service")
                : List.of("inventory-service", "logistics-service");
        var run = new ScenarioRun(stand, "6 consumer SIGKILL",
                String.join(" and ", victims) + " killed with SIGKILL mid-load and started again; inventory's stock "
                        + "replies committed but not yet published go out from its outbox in its next life");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            for (String consumer : victims) {
                Thread.sleep(size.spread().dividedBy(3).toMillis());
                stand.duplicates().bankBeforeKill(consumer);
                stand.services().kill(consumer);
                stand.services().restart(consumer);
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(7)
    void consumerDatabaseUnavailable() throws Exception {
        var run = new ScenarioRun(stand, "7 consumer database cut",
                "inventory-service's and then logistics-service's connections to MariaDB cut (TcpProxy) for "
                        + size.outage().toSeconds() + " s each, mid-load");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(4).toMillis());
            for (var database : List.of(stand.inventoryDatabase(), stand.logisticsDatabase())) {
                database.cut();
                try {
                    Thread.sleep(size.outage().toMillis());
                }
                finally {
                    database.restore();
                }
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(8)
    void everyMessagePublishedTwice() throws Exception {
        var run = new ScenarioRun(stand, "8 every message twice",
                "each message the exchange routes is copied by the suite into both consumer queues and the timeline's "
                        + "(default exchange)");
        try (var duplicator = new DuplicatingTap(stand.connections(), stand.admin(), stand.services().exchange(),
                stand.services().namespace() + ".duplicator", stand.orderEventQueues())) {
            duplicator.start();
            List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            });
            Row row = settleAfter(run, orders, () -> duplicator.copies() > 0);
            run.note(duplicator.copies() + " copies published");
            assertClean(row);
            assertThat(row.duplicatesAbsorbed()).as("duplicates absorbed\n%s", stand.report().table()).isPositive();
        }
    }

    @Test
    @Order(9)
    void poisonMessagesAmongGoodOnes() throws Exception {
        var run = new ScenarioRun(stand, "9 poison messages",
                "an unreadable message and one the databases refuse, published by the suite among good orders");
        var producer = new OrderEventsProducer(stand.rabbitTemplate(), stand.services().exchange());
        String unreadable = "poison-unreadable-" + stand.runId();
        var refused = new OrderCreated("poison-refused-" + stand.runId(), Instant.now(), 900_000_000L, 0,
                List.of(new OrderLine("P".repeat(500), 1)), new ShippingAddress("S".repeat(500), "City", "1", "US"));
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(3).toMillis());
            producer.send(OrderEvents.CREATED, unreadable, "OrderCreated", "not json");
            producer.send(refused);
        });
        // The refused one is dead-lettered only after x-delivery-limit deliveries.
        Row row = settleAfter(run, orders, () -> stand.consumerQueues().stream()
                .allMatch(queue -> stand.admin().getQueueInfo(queue + ".dlq").getMessageCount() >= 2));
        assertClean(row);
        assertThat(row.details().deadLetters()).as("dead letters\n%s", stand.report().table())
                .extracting(DeadLetters.DeadLetter::messageId, DeadLetters.DeadLetter::reason)
                .containsExactlyInAnyOrder(
                        tuple(unreadable, "rejected"),
                        tuple(unreadable, "rejected"),
                        tuple(refused.messageId(), "delivery_limit"),
                        tuple(refused.messageId(), "delivery_limit"));
    }

    @Test
    @Order(10)
    void unroutableMessageFailsThenTheOperatorRetriesIt() throws Exception {
        var run = new ScenarioRun(stand, "10 unroutable → FAILED → retry",
                "both consumer queues, the timeline's (and the ledger's tap) unbound from order.created while the "
                        + "consumers run; "
                        + "orders placed; FAILED after 3 attempts; bound again; retried through the operator API");
        List<Binding> bindings = stand.orderEventQueues().stream().map(queue -> new Binding(queue,
                Binding.DestinationType.QUEUE, stand.services().exchange(), OrderEvents.CREATED, null)).toList();
        bindings.forEach(stand.admin()::removeBinding);
        stand.tap().unbind();
        List<PlacedOrder> orders;
        try {
            orders = run.withLoad(3, Duration.ofSeconds(1), 0, () -> {
            });
            var failed = await("3 records FAILED").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stand.operator().records("FAILED"), records -> records.size() == orders.size());
            run.noteFailed(failed);
            assertThat(failed).as("FAILED records").allSatisfy(record -> {
                assertThat(record.attempts()).isEqualTo(3);
                assertThat(record.lastError()).startsWith("unroutable: NO_ROUTE");
            });
        }
        finally {
            bindings.forEach(stand.admin()::declareBinding);
            stand.tap().bind();
        }
        stand.operator().records("FAILED").forEach(record -> assertThat(stand.operator().retry(record.id()))
                .as("retry of %s", record.id()).isTrue());
        Row row = run.settle(orders);
        assertClean(row);
        assertThat(row.failed()).as("FAILED records listed\n%s", stand.report().table()).isEqualTo(orders.size());
    }

    @Test
    @Order(11)
    void everythingAtOnce() throws Exception {
        var run = new ScenarioRun(stand, "11 mixed",
                "every message twice, while the broker is killed, order-service is killed, inventory's database is "
                        + "cut, the broker closes every connection, and a poison message goes by");
        var producer = new OrderEventsProducer(stand.rabbitTemplate(), stand.services().exchange());
        try (var duplicator = new DuplicatingTap(stand.connections(), stand.admin(), stand.services().exchange(),
                stand.services().namespace() + ".duplicator", stand.orderEventQueues())) {
            duplicator.start();
            Duration step = size.spread().dividedBy(6);
            List<PlacedOrder> orders = run.withLoad(size.orders() * 2, size.spread().multipliedBy(2), 3, () -> {
                Thread.sleep(step.toMillis());
                stand.rabbit().kill();
                Thread.sleep(1000);
                stand.rabbit().restart();
                Thread.sleep(step.toMillis());
                stand.inventoryDatabase().cut();
                stand.duplicates().bankBeforeKill("order-service");
                stand.services().kill("order-service");
                stand.services().restart("order-service");
                stand.inventoryDatabase().restore();
                producer.send(OrderEvents.CREATED, "poison-mixed-" + stand.runId(), "OrderCreated", "{}");
                Thread.sleep(step.toMillis());
                stand.rabbit().closeAllConnections("fault test");
            });
            assertClean(run.settle(orders));
        }
    }

    /** Settles once {@code ready} holds (awaited, bounded), so that what the scenario waits for is in the row. */
    @Test
    @Order(12)
    void replyPathUnderDuplicatesAndKills() throws Exception {
        var services = stand.services();
        var run = new ScenarioRun(stand, "12 reply path",
                "every stock reply copied by the suite into order-service's reply queue, every shipment event "
                        + "into its timeline's; order-service killed while it applies replies, then logistics killed with "
                        + "shipment events in its outbox; both started again");
        try (var replies = new DuplicatingTap(stand.connections(), stand.admin(), services.repliesExchange(),
                services.namespace() + ".reply-duplicator", List.of(services.repliesQueue()));
                var shipments = new DuplicatingTap(stand.connections(), stand.admin(), services.shipmentEventsExchange(),
                        services.namespace() + ".shipment-duplicator", List.of(services.timelineQueue()))) {
            replies.start();
            shipments.start();
            List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
                Thread.sleep(size.spread().dividedBy(3).toMillis());
                stand.duplicates().bankBeforeKill("order-service");
                services.kill("order-service");
                services.restart("order-service");
                Thread.sleep(size.spread().dividedBy(3).toMillis());
                stand.duplicates().bankBeforeKill("logistics-service");
                services.kill("logistics-service");
                services.restart("logistics-service");
            });
            Row row = settleAfter(run, orders, () -> replies.copies() > 0 && shipments.copies() > 0);
            run.note(replies.copies() + " reply copies, " + shipments.copies() + " shipment event copies published");
            assertClean(row);
            assertThat(row.duplicatesAbsorbed()).as("duplicates absorbed\n%s", stand.report().table()).isPositive();
        }
    }

    private static Row settleAfter(ScenarioRun run, List<PlacedOrder> orders, Callable<Boolean> ready)
            throws InterruptedException {
        await().atMost(size.recoveryWindow()).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(ready);
        return run.settle(orders);
    }

    private static void assertClean(Row row) {
        ScenarioRun.assertClean(stand, row);
    }
}
