package com.example.reliable.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.example.reliable.system.cluster.LocalCluster;
import com.example.reliable.system.fault.FaultReport.Row;
import com.example.reliable.system.fault.LoadGenerator.PlacedOrder;

/**
 * The fault suite on more than one machine's worth of servers: {@code scripts/local-cluster.sh}'s
 * three RabbitMQ nodes (quorum queues replicated on all three, leaders balanced) and Redis primary,
 * replica and three Sentinels, with two instances of every service. Same load, same {@link Ledger}:
 * every committed order has one shipment and one stock change, no record is stranded.
 * <p>
 * order-service runs with {@code reliable.publishing.redis-durability.mode=replica} (a save waits
 * for the replica), the setting this topology is for; the last scenario switches it to {@code none}
 * and shows, with the same fault, what that mode loses. Needs root, RabbitMQ and redis-server;
 * skipped otherwise. On ports 26701…26733, never the shared servers'.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultSuiteTest {

    private static final Path REPORT = Path.of("target", "fault-report-cluster.json");

    static FaultStand stand;
    static FaultSize size;
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalCluster.available(), "the cluster suite runs as root with rabbitmq-server and redis-server");
        size = FaultSize.fromEnvironment();
        cluster = new LocalCluster(26700, Files.createTempDirectory("reliable-fault-cluster"),
                Path.of("target", "system-logs", "fault-cluster.log"));
        stand = FaultStand.startOnCluster(size, cluster);
    }

    @AfterAll
    static void stop() {
        if (stand != null) {
            stand.reportAndClose(REPORT, "Cluster fault report");
        }
    }

    @Test
    @Order(1)
    void theNodeLeadingTheConsumersQueuesKilledMidLoad() throws Exception {
        String inventoryQueue = stand.services().queue("inventory");
        String leader = cluster.leader(inventoryQueue);
        var run = new ScenarioRun(stand, "C1 quorum leader SIGKILL",
                leader + ", leader of inventory's queue (" + cluster.leader(stand.services().queue("logistics"))
                        + " leads logistics'), killed with SIGKILL mid-load; started again and rejoined");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(3).toMillis());
            cluster.kill(leader);
            await("a new leader for " + inventoryQueue).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> !cluster.leader(inventoryQueue).equals(leader));
            run.note("leader moved from " + leader + " to " + cluster.leader(inventoryQueue));
            Thread.sleep(size.outage().toMillis());
            cluster.start();
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(2)
    void aFollowerKilledMidLoad() throws Exception {
        String inventoryQueue = stand.services().queue("inventory");
        String leader = cluster.leader(inventoryQueue);
        String follower = LocalCluster.RABBIT_NODES.stream().filter(node -> !node.equals(leader)).findFirst().orElseThrow();
        var run = new ScenarioRun(stand, "C2 quorum follower SIGKILL",
                follower + ", a follower of inventory's queue (led by " + leader + "), killed with SIGKILL mid-load; "
                        + "started again and rejoined");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(3).toMillis());
            cluster.kill(follower);
            Thread.sleep(size.outage().toMillis());
            cluster.start();
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(3)
    void aNodeFrozenLongerThanTheHeartbeat() throws Exception {
        String leader = cluster.leader(stand.services().queue("logistics"));
        var run = new ScenarioRun(stand, "C3 node SIGSTOP > heartbeat",
                leader + ", leader of logistics' queue, paused with SIGSTOP for " + size.pause().toSeconds()
                        + " s (heartbeat 5 s), then SIGCONT");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(3).toMillis());
            cluster.pause(leader);
            try {
                Thread.sleep(size.pause().toMillis());
            }
            finally {
                cluster.resume(leader);
            }
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(4)
    void oneOfTwoOrderServicesKilledWhileTheJobDrainsABacklog() throws Exception {
        var run = new ScenarioRun(stand, "C4 1 of 2 order-services SIGKILL",
                "order-service's broker links cut for " + size.outage().toSeconds() + " s mid-load (a backlog "
                        + "waits in Redis), restored, and at once one of its two instances killed with SIGKILL; the "
                        + "other drains the backlog; the killed one started again");
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(4).toMillis());
            stand.cutOrderServiceBrokerLinks();
            Thread.sleep(size.outage().toMillis());
            run.note(stand.operator().records("SENDING").size() + " records SENDING when the links came back");
            stand.restoreOrderServiceBrokerLinks();
            stand.duplicates().bankBeforeKill("order-service");
            stand.services().kill("order-service");
            Thread.sleep(size.outage().toMillis());
            stand.services().restart("order-service");
        });
        assertClean(run.settle(orders));
    }

    @Test
    @Order(5)
    void redisPrimaryKilledWhileRecordsWaitModeReplica() throws Exception {
        assertClean(redisFailover("C5 Redis primary SIGKILL, mode replica", size.recoveryWindow()).row());
    }

    @Test
    @Order(6)
    void redisPrimaryKilledWhileRecordsWaitModeNone() throws Exception {
        for (String instance : stand.services().instances("order-service")) {
            stand.duplicates().bankBeforeKill(instance);
            stand.services().kill(instance);
            stand.services().restart(instance, Map.of("RELIABLE_PUBLISHING_REDIS_DURABILITY_MODE", "none"));
        }
        // The lost orders never settle: a shorter window than the recovery window is enough for the rest.
        var failover = redisFailover("C6 Redis primary SIGKILL, mode none", Duration.ofSeconds(30));
        Row row = failover.row();
        // The window mode none leaves, shown: orders accepted while only the old primary had their records
        // are committed, and their messages are gone with it. Nothing is applied twice, nothing stranded.
        assertThat(row.doubleEffects()).as("double effects\n%s", stand.report().table()).isZero();
        assertThat(row.stranded()).as("stranded\n%s", stand.report().table()).isZero();
        assertThat(row.lost()).as("orders lost with the primary in mode none\n%s", stand.report().table())
                .isPositive().isLessThanOrEqualTo(failover.acceptedInWindow());
    }

    /** What {@link #redisFailover} booked, and how many orders were accepted while the replica lagged. */
    private record Failover(Row row, int acceptedInWindow) {
    }

    /**
     * order-service's broker links cut, so records wait in Redis; the replica paused and cut off from
     * the primary (a partition: it falls behind); orders placed; the primary killed; the replica
     * resumed and promoted by the Sentinels; the old primary started again (it follows the new one and
     * drops what only it had); the links restored.
     */
    private Failover redisFailover(String name, Duration window) throws Exception {
        var run = new ScenarioRun(stand, name,
                "order-service's broker links cut (records wait in Redis), the Redis replica paused and cut off from "
                        + "the primary, orders placed, the primary killed with SIGKILL, the replica resumed and promoted "
                        + "by Sentinel, the old primary started again as its replica, the links restored");
        int[] inWindow = { 0 };
        String primary = cluster.redisPrimary();
        String replica = primary.equals("redis-1") ? "redis-2" : "redis-1";
        List<PlacedOrder> orders = run.withLoad(size.orders(), size.spread(), 4, () -> {
            Thread.sleep(size.spread().dividedBy(4).toMillis());
            stand.cutOrderServiceBrokerLinks();
            cluster.pause(replica);
            try {
                cluster.detachReplicas(primary);
                int before = stand.operator().records("SENDING").size();
                Thread.sleep(size.outage().toMillis());
                inWindow[0] = stand.operator().records("SENDING").size() - before;
                // In mode replica these are saves still waiting for the replica: they fail and are removed.
                run.note(inWindow[0] + " more records SENDING on " + primary + " than when " + replica
                        + " was cut off, when it was killed");
                cluster.kill(primary);
            }
            finally {
                cluster.resume(replica);
            }
            await("Sentinel to promote " + replica).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> cluster.redisPrimary().equals(replica));
            cluster.start(); // the old primary comes back as the new one's replica
            run.note(replica + " promoted; " + primary + " back as its replica");
            stand.restoreOrderServiceBrokerLinks();
        });
        return new Failover(run.settle(orders, window), inWindow[0]);
    }

    private static void assertClean(Row row) {
        ScenarioRun.assertClean(stand, row);
    }
}
