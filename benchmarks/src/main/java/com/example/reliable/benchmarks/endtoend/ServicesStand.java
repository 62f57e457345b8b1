package com.example.reliable.benchmarks.endtoend;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;
import com.example.reliable.testsupport.TcpProxy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The three services as processes from their jars ({@link RunningServices}), started on first use
 * and shared by the end-to-end scenarios (with the tests' JVM options unless the stand is made with
 * others), with every service's RabbitMQ connection going through one
 * {@link TcpProxy} so that a scenario can cut or freeze the broker without touching it. Also reads
 * what the scenarios count: shipments in logistics' database, order ids, SKU-1's stock, the consumer
 * queues' depth and dead letters, and the SENDING records in
 * order-service's Redis ({@code <namespace>:{order-service}:messages:sending}, the prefix RunningServices sets).
 * {@link #close()} stops the processes and removes their databases, queues and keys, also from a
 * shutdown hook if the JVM is stopped early.
 */
public final class ServicesStand implements AutoCloseable {

    private final Servers servers;
    private final List<String> jvmOptions;
    private TcpProxy proxy;
    private RunningServices services;
    private Connection database;
    private RedisClient redis;
    private StatefulRedisConnection<String, String> redisConnection;
    private Thread shutdownHook;
    private CachingConnectionFactory broker;

    /** The services started as the tests start them ({@link RunningServices#TEST_JVM}). */
    public ServicesStand(Servers servers) {
        this(servers, RunningServices.TEST_JVM);
    }

    /** @param jvmOptions the options each service's JVM starts with, before {@code -jar} */
    public ServicesStand(Servers servers, List<String> jvmOptions) {
        this.servers = servers;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    synchronized RunningServices services() {
        if (services == null) {
            proxy = TcpProxy.start(servers.rabbitHost(), servers.rabbitPort());
            var options = new RunningServices.Options("127.0.0.1", proxy.port(), servers.rabbitUser(),
                    servers.rabbitPassword(), servers.redisHost(), servers.redisPort(), Map.of(), Map.of())
                    .withJvmOptions(jvmOptions);
            shutdownHook = new Thread(this::close, "benchmarks-services-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            services = RunningServices.start("bench", options);
            stockUp();
        }
        return services;
    }

    /**
     * Every order of the benchmark is one unit of SKU-1, seeded with 100: without more stock,
     * inventory would reject every order after the hundredth, and the benchmark would measure the
     * rejection and cancel path instead of order → shipment.
     */
    private void stockUp() {
        try (var statement = database().createStatement()) {
            statement.executeUpdate("UPDATE `" + services.database("inventory-service")
                    + "`.products SET stock = 1000000000 WHERE id = 'SKU-1'");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not stock up SKU-1", ex);
        }
    }

    TcpProxy proxy() {
        services();
        return proxy;
    }

    String orderService() {
        return services().url("order-service");
    }

    long shipments() throws SQLException {
        return single("SELECT COUNT(*) FROM `" + services().database("logistics-service") + "`.shipments");
    }

    long lastOrderId() throws SQLException {
        return single("SELECT COALESCE(MAX(id), 0) FROM `" + services().database("order-service") + "`.orders");
    }

    /**
     * Microseconds from each order's creation to its shipment's, for orders after {@code afterOrderId}
     * whose shipment is CREATED (a cancelled one's time would be its cancellation's).
     */
    List<Long> timesToShipmentMicros(long afterOrderId) throws SQLException {
        String sql = "SELECT TIMESTAMPDIFF(MICROSECOND, o.created_at, s.updated_at) FROM `"
                + services().database("order-service") + "`.orders o JOIN `" + services().database("logistics-service")
                + "`.shipments s ON s.order_id = o.id WHERE s.status = 'CREATED' AND o.id > " + afterOrderId;
        return longs(sql);
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (var result = database().createStatement().executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getLong(1));
            }
        }
        return values;
    }

    /** The process id of a service's JVM. */
    long pid(String service) {
        return services().pid(service);
    }

    /** Orders after {@code afterOrderId} that inventory's answer has confirmed. */
    long confirmedOrders(long afterOrderId) throws SQLException {
        return single("SELECT COUNT(*) FROM `" + services().database("order-service")
                + "`.orders WHERE status = 'CONFIRMED' AND id > " + afterOrderId);
    }

    /**
     * Waits until the {@code orders} placed after {@code lastOrder} are all CONFIRMED and have a CREATED
     * shipment: at most 120 s, or a second for every 5 orders if that is longer.
     */
    void awaitThrough(long lastOrder, long orders) throws Exception {
        Duration limit = Duration.ofSeconds(Math.max(120, orders / 5));
        if (!Waiting.until(limit, Duration.ofMillis(100),
                () -> confirmedOrders(lastOrder) >= orders && createdShipments(lastOrder) >= orders)) {
            throw new IllegalStateException("Within " + limit.toSeconds() + " s only " + confirmedOrders(lastOrder)
                    + " of " + orders + " orders were CONFIRMED and " + createdShipments(lastOrder)
                    + " had a CREATED shipment");
        }
    }

    /** Shipments CREATED for orders after {@code afterOrderId}. */
    long createdShipments(long afterOrderId) throws SQLException {
        return single("SELECT COUNT(*) FROM `" + services().database("logistics-service")
                + "`.shipments WHERE status = 'CREATED' AND order_id > " + afterOrderId);
    }

    /**
     * Microseconds from each order's creation to the moment order-service took inventory's answer and
     * confirmed it ({@code stock_answers.received_at}, written in the same transaction), for the
     * CONFIRMED orders after {@code afterOrderId}.
     */
    List<Long> timesToConfirmedMicros(long afterOrderId) throws SQLException {
        String orders = "`" + services().database("order-service") + "`";
        return longs("SELECT TIMESTAMPDIFF(MICROSECOND, o.created_at, a.received_at) FROM " + orders + ".orders o JOIN "
                + orders + ".stock_answers a ON a.order_id = o.id WHERE o.status = 'CONFIRMED' AND o.id > "
                + afterOrderId);
    }

    /** Records order-service holds as SENDING: stored, not yet confirmed. */
    synchronized long sending() {
        if (redisConnection == null) {
            redis = RedisClient.create("redis://" + servers.redisHost() + ":" + servers.redisPort());
            redisConnection = redis.connect();
        }
        return redisConnection.sync().zcard(services().publishingKeyPrefix() + "messages:sending");
    }

    /**
     * Ready messages in each consumer queue (logistics', inventory's, order-service's stock replies and
     * timeline), asked of the broker directly, not through the proxy: what the consumers have not
     * taken yet. Unacknowledged ones (at most the prefetch) are not counted.
     */
    synchronized Map<String, Long> queueDepths() {
        RunningServices running = services();
        Map<String, Long> depths = new LinkedHashMap<>();
        for (String queue : List.of(running.queue("logistics"), running.queue("inventory"), running.repliesQueue(),
                running.timelineQueue())) {
            var info = admin().getQueueInfo(queue);
            depths.put(queue.substring(running.namespace().length() + 1), info == null ? 0L : info.getMessageCount());
        }
        return depths;
    }

    /** Messages in the consumer queues' dead-letter queues. */
    synchronized long deadLetters() {
        RunningServices running = services();
        long total = 0;
        for (String queue : List.of(running.queue("logistics"), running.queue("inventory"), running.repliesQueue(),
                running.timelineQueue())) {
            var info = admin().getQueueInfo(queue + ".dlq");
            total += info == null ? 0 : info.getMessageCount();
        }
        return total;
    }

    /** SKU-1's stock in inventory: every order takes one unit, once. */
    long stockOfSku1() throws SQLException {
        return single("SELECT stock FROM `" + services().database("inventory-service") + "`.products WHERE id = 'SKU-1'");
    }

    private RabbitAdmin admin() {
        if (broker == null) {
            broker = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
            broker.setUsername(servers.rabbitUser());
            broker.setPassword(servers.rabbitPassword());
        }
        return new RabbitAdmin(broker);
    }

    private long single(String sql) throws SQLException {
        try (var result = database().createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private synchronized Connection database() throws SQLException {
        if (database == null) {
            database = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword());
        }
        return database;
    }

    @Override
    public synchronized void close() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        shutdownHook = null;
        try {
            if (database != null) {
                database.close();
            }
        }
        catch (SQLException ex) {
            // closing anyway
        }
        if (broker != null) {
            broker.destroy();
        }
        if (redis != null) {
            redisConnection.close();
            redis.shutdown();
        }
        if (proxy != null) {
            proxy.releaseReplies();
            proxy.restore();
        }
        if (services != null) {
            services.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        database = null;
        redis = null;
        broker = null;
        services = null;
        proxy = null;
    }
}
