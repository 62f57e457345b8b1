package com.example.reliable.system.fault;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.system.RunningServices;
import com.example.reliable.system.cluster.LocalCluster;
import com.example.reliable.testsupport.Servers;
import com.example.reliable.testsupport.TcpProxy;

/**
 * Everything the scenarios break and measure, started once for the whole suite:
 * <ul>
 * <li>servers of its own to break: a private RabbitMQ node and a private Redis with AOF; the
 * consumers reach the shared MariaDB through one {@link TcpProxy} each, to cut;</li>
 * <li>the three services as processes against them ({@link RunningServices}), with a 5 s AMQP
 * heartbeat and a short resend/backoff schedule so that a run settles in seconds;</li>
 * <li>the instruments: {@link LoadGenerator}, {@link LedgerTap}, {@link Ledger}, {@link OperatorApi},
 * {@link DuplicateCounts}, {@link DeadLetters}, {@link FaultReport}.</li>
 * </ul>
 * {@link #startOnCluster} is the same stand on {@code scripts/local-cluster.sh}'s servers instead
 * (three RabbitMQ nodes, a Redis primary and replica behind Sentinel), with two instances of each
 * service; order-service reaches each RabbitMQ node through a {@link TcpProxy} of the suite's, so
 * that its broker links can be cut while the consumers' stay up.
 * <p>
 * {@link #close()} stops all of it, resuming a paused broker first, and is also a JVM shutdown hook:
 * nothing the suite started outlives it, whatever happened.
 */
final class FaultStand implements AutoCloseable {

    /** How long a client keeps retrying one request (longer than a service restart). */
    static final Duration CLIENT_PATIENCE = Duration.ofSeconds(60);

    /** Settings order-service and the consumers get on top of their defaults. */
    private static final Map<String, String> SERVICE_ENVIRONMENT = Map.of(
            "SPRING_RABBITMQ_REQUESTED_HEARTBEAT", "5",        // a frozen broker is noticed after ~10 s
            "RELIABLE_PUBLISHING_RESEND_AFTER", "8s",           // records of a killed order-service are resent sooner
            "RELIABLE_PUBLISHING_JOB_INTERVAL", "1s",
            "RELIABLE_PUBLISHING_BACKOFF_INITIAL_DELAY", "500ms",
            "RELIABLE_PUBLISHING_TRANSACTION_TIMEOUT", "20s");  // an orphan record (never committed) is discarded in time

    private final FaultSize size;
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<AutoCloseable> toStop = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "fault-stand-stop");
    private final FaultReport report;
    private final LocalCluster cluster;
    private final List<TcpProxy> orderServiceBrokerLinks = new ArrayList<>();
    private PrivateRabbitNode rabbit;
    private PrivateRedis redis;
    private TcpProxy logisticsDatabase;
    private TcpProxy inventoryDatabase;
    private RunningServices services;
    private CachingConnectionFactory connections;
    private RabbitAdmin admin;
    private RabbitTemplate rabbitTemplate;
    private LedgerTap tap;
    private Ledger ledger;
    private OperatorApi operator;
    private DuplicateCounts duplicates;
    private DeadLetters deadLetters;
    private LoadGenerator load;

    private FaultStand(FaultSize size, LocalCluster cluster) {
        this.size = size;
        this.cluster = cluster;
        this.report = new FaultReport(size.name() + (cluster == null ? "" : "-cluster"));
    }

    /** On a private RabbitMQ node and a private Redis, one instance of each service. */
    static FaultStand start(FaultSize size) {
        return start(new FaultStand(size, null));
    }

    /**
     * On the cluster (started here, stopped by {@link #close()}), two instances of each service, with
     * these extra settings for every service.
     */
    static FaultStand startOnCluster(FaultSize size, LocalCluster cluster) {
        return start(new FaultStand(size, cluster));
    }

    private static FaultStand start(FaultStand stand) {
        Runtime.getRuntime().addShutdownHook(stand.shutdownHook);
        try {
            stand.startAll();
            return stand;
        }
        catch (RuntimeException | Error ex) {
            stand.close();
            throw ex;
        }
    }

    private void startAll() {
        Servers servers = Servers.get();
        Path logs = Path.of("target", "system-logs");
        logisticsDatabase = TcpProxy.start(servers.mysqlHost(), servers.mysqlPort());
        toStop.add(logisticsDatabase);
        inventoryDatabase = TcpProxy.start(servers.mysqlHost(), servers.mysqlPort());
        toStop.add(inventoryDatabase);
        Map<String, Integer> databasePorts = Map.of("logistics-service", logisticsDatabase.port(),
                "inventory-service", inventoryDatabase.port());
        String brokerAddresses;
        if (cluster == null) {
            rabbit = PrivateRabbitNode.start("fault-" + runId, logs.resolve("fault-" + runId + "-rabbitmq.log"));
            toStop.add(rabbit);
            redis = PrivateRedis.start(PrivateRedis.AppendOnly.fromEnvironment(), logs.resolve("fault-" + runId + "-redis.log"));
            toStop.add(redis);
            brokerAddresses = "127.0.0.1:" + rabbit.port();
            services = RunningServices.start("fault", new RunningServices.Options("127.0.0.1", rabbit.port(), "guest",
                    "guest", "127.0.0.1", redis.port(), databasePorts, SERVICE_ENVIRONMENT));
        }
        else {
            toStop.add(cluster);
            Map<String, String> environment = new java.util.HashMap<>(SERVICE_ENVIRONMENT);
            environment.putAll(cluster.start());
            brokerAddresses = environment.get("SPRING_RABBITMQ_ADDRESSES");
            List<String> linked = new ArrayList<>();
            for (String node : LocalCluster.RABBIT_NODES) {
                TcpProxy link = TcpProxy.start("127.0.0.1", cluster.amqpPort(node));
                orderServiceBrokerLinks.add(link);
                toStop.add(link);
                linked.add("127.0.0.1:" + link.port());
            }
            services = RunningServices.start("cluster", new RunningServices.Options("127.0.0.1",
                    cluster.amqpPort("rabbit-1"), "guest", "guest", "127.0.0.1", cluster.redisPort("redis-1"),
                    databasePorts, environment,
                    Map.of("order-service", Map.of("SPRING_RABBITMQ_ADDRESSES", String.join(",", linked),
                            "RELIABLE_PUBLISHING_REDIS_DURABILITY_MODE", "replica")), 2));
        }
        toStop.add(0, services); // stopped first, while its servers still answer its clean-up

        connections = new CachingConnectionFactory();
        connections.setAddresses(brokerAddresses);
        connections.setUsername("guest");
        connections.setPassword("guest");
        toStop.add(1, connections::destroy);
        admin = new RabbitAdmin(connections);
        rabbitTemplate = new RabbitTemplate(connections);
        // The consumers declare their queues once their listeners start, after their web server answers.
        for (String queue : listenedQueues()) {
            await("queue " + queue).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.getQueueInfo(queue), Objects::nonNull);
        }
        tap = new LedgerTap(admin, rabbitTemplate, services.exchange(), services.namespace() + ".ledger-tap");
        tap.declare();
        operator = new OperatorApi(services.url("order-service"));
        duplicates = new DuplicateCounts(services);
        deadLetters = new DeadLetters(rabbitTemplate, Map.of(
                services.queue("logistics") + ".dlq", services.log("logistics-service"),
                services.queue("inventory") + ".dlq", services.log("inventory-service")));
        ledger = new Ledger(servers, services, tap, operator);
        load = new LoadGenerator(services.instances("order-service").stream().map(services::url).toList(),
                CLIENT_PATIENCE);
        stockUp(servers);
        ledger.recordStockBaseline();
    }

    /** Enough stock that no order of the suite is rejected: every order must be RESERVED. */
    private void stockUp(Servers servers) {
        try (var connection = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                servers.mysqlPassword())) {
            connection.createStatement().executeUpdate("UPDATE `" + services.database("inventory-service")
                    + "`.products SET stock = 1000000 WHERE id IN ('" + String.join("','", LoadGenerator.PRODUCTS) + "')");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not stock up", ex);
        }
    }

    /** Every queue a service listens to: the consumers' order-event queues, order-service's stock replies and its timeline. */
    List<String> listenedQueues() {
        List<String> queues = new ArrayList<>(consumerQueues());
        queues.add(services.repliesQueue());
        queues.add(services.timelineQueue());
        return queues;
    }

    /** Every queue bound to the order events: the two consumers' and order-service's timeline. */
    List<String> orderEventQueues() {
        return List.of(services.queue("logistics"), services.queue("inventory"), services.timelineQueue());
    }

    List<String> consumerQueues() {
        return List.of(services.queue("logistics"), services.queue("inventory"));
    }

    /** No message waits in a consumer's queue (ready ones; unacked ones are being handled). */
    boolean consumerQueuesIdle() {
        try {
            return listenedQueues().stream().allMatch(queue -> admin.getQueueInfo(queue).getMessageCount() == 0);
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    /** Cuts order-service's links to every RabbitMQ node (cluster stand): its records wait in Redis. */
    void cutOrderServiceBrokerLinks() {
        orderServiceBrokerLinks.forEach(TcpProxy::cut);
    }

    void restoreOrderServiceBrokerLinks() {
        orderServiceBrokerLinks.forEach(TcpProxy::restore);
    }

    FaultSize size() { return size; }
    LocalCluster cluster() { return cluster; }
    String runId() { return runId; }
    PrivateRabbitNode rabbit() { return rabbit; }
    PrivateRedis redis() { return redis; }
    TcpProxy logisticsDatabase() { return logisticsDatabase; }
    TcpProxy inventoryDatabase() { return inventoryDatabase; }
    RunningServices services() { return services; }
    CachingConnectionFactory connections() { return connections; }
    RabbitAdmin admin() { return admin; }
    RabbitTemplate rabbitTemplate() { return rabbitTemplate; }
    LedgerTap tap() { return tap; }
    Ledger ledger() { return ledger; }
    OperatorApi operator() { return operator; }
    DuplicateCounts duplicates() { return duplicates; }
    DeadLetters deadLetters() { return deadLetters; }
    LoadGenerator load() { return load; }
    FaultReport report() { return report; }

    /** Writes the report (JSON) and prints its table, then {@link #close()}s, even if the report fails. */
    void reportAndClose(Path file, String title) {
        try {
            report.write(file);
            System.out.println(title + " (" + file.toAbsolutePath() + "):\n" + report.table());
        }
        finally {
            close();
        }
    }

    /** Resumes the broker if paused, restores cut connections, then stops everything in order. Runs once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or will: close() has begun anyway
            }
        }
        if (rabbit != null) {
            quietly(() -> rabbit.resume());
        }
        if (cluster != null) {
            LocalCluster.RABBIT_NODES.forEach(node -> quietly(() -> cluster.resume(node)));
        }
        orderServiceBrokerLinks.forEach(link -> quietly(link::restore));
        quietly(() -> logisticsDatabase.restore());
        quietly(() -> inventoryDatabase.restore());
        toStop.forEach(FaultStand::quietly);
    }

    private static void quietly(AutoCloseable step) {
        try {
            step.close();
        }
        catch (Exception | Error ex) {
            System.err.println("Fault stand: a step of the shutdown failed: " + ex);
        }
    }
}
