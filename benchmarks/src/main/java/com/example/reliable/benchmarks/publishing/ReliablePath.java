package com.example.reliable.benchmarks.publishing;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.benchmarks.broker.BrokerQueue;
import com.example.reliable.publishing.ReliablePublisher;
import com.example.reliable.publishing.ReliablePublishingProperties.Store;
import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.Servers;
import com.rabbitmq.client.Connection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * (b) The project's reliable publish path alone, on the same queue as (a): quorum, persistent,
 * mandatory, 512-byte JSON bodies, one consumer. {@link ReliablePathApplication} runs
 * {@code reliable-publishing} exactly as a service does (its Boot auto-configuration, the store,
 * relay, confirm window, outcome writer); only the business transaction is empty. Run once per
 * store: Redis (row {@code b}, ÷ (a)) and the JDBC outbox on a private MariaDB/MySQL database (row
 * {@code b-jdbc}, ÷ row {@code b}), so that "Redis is faster" is measured, not assumed. Caller threads
 * call {@link ReliablePublisher#send} in a transaction, as request threads would, for a fixed time.
 * <p>
 * Each message's latency runs from {@code send} to its record's removal from Redis (the broker's
 * ack applied), as {@link RemovalClock} sees it. Callers stop sending while {@value #IN_FLIGHT}
 * messages are between the two, as PerfTest's producer stops at its confirm window, so the relay's
 * queue never overflows and nothing is left to the compensation job. msg/s counts messages whose
 * records were removed, over the time until the last of them was. A run is sound only if the
 * consumer got every message.
 */
public final class ReliablePath implements Scenario {

    static final int CALLERS = Integer.getInteger("benchmarks.b.callers", 4);
    static final int IN_FLIGHT = 1_024;
    private static final String PAYLOAD = "x".repeat(512 - "{\"data\":\"\"}".length());

    private final Servers servers;
    private final Store store;
    private final BrokerQueue queue;
    private final String name;
    private final String database;
    private final AtomicLong delivered = new AtomicLong();
    private ConfigurableApplicationContext context;
    private Connection consumer;
    private long sent;

    public ReliablePath(Servers servers, Store store) {
        this.servers = servers;
        this.store = store;
        this.queue = new BrokerQueue(servers, "reliable");
        this.name = queue.name();
        this.database = "bench_outbox_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Override
    public String name() {
        return store == Store.REDIS ? "(b) reliable publish path, Redis store" : "(b) reliable publish path, JDBC outbox";
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        if (store == Store.JDBC) {
            createOutboxDatabase();
        }
        context = new SpringApplicationBuilder(ReliablePathApplication.class).web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.rabbitmq.host", servers.rabbitHost(),
                        "spring.rabbitmq.port", servers.rabbitPort(),
                        "spring.rabbitmq.username", servers.rabbitUser(),
                        "spring.rabbitmq.password", servers.rabbitPassword(),
                        "spring.data.redis.host", servers.redisHost(),
                        "spring.data.redis.port", servers.redisPort(),
                        "reliable.publishing.redis-key-prefix", name + ":{reliable}:",
                        "reliable.publishing.store", store.name().toLowerCase(Locale.ROOT)))
                .properties(Map.of(
                        "bench.outbox.url", servers.jdbcUrl(database),
                        "bench.outbox.user", servers.mysqlUser(),
                        "bench.outbox.password", servers.mysqlPassword()))
                // No application.yml of a service: the settings a service needs for reliable publishing, no more.
                .properties("spring.config.name=reliable-path", "spring.main.banner-mode=off",
                        "spring.rabbitmq.publisher-confirm-type=correlated", "spring.rabbitmq.publisher-returns=true",
                        "spring.rabbitmq.template.mandatory=true", "logging.level.root=WARN")
                .run();
        queue.declare();
        consumer = queue.connect("reliable-consumer");
        consumer.createChannel().basicConsume(name, true, (tag, delivery) -> delivered.incrementAndGet(), tag -> { });
        sendFor(settings.brokerWarmUp(), new Latencies());
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        var latencies = new Latencies();
        long before = sent;
        long start = System.nanoTime();
        long lastRemoval = sendFor(settings.brokerRun(), latencies);
        double seconds = (lastRemoval - start) / 1e9;
        awaitDelivered();
        latencies.snapshot();
        var meters = context.getBean(MeterRegistry.class);
        double leftToJob = meters.find("publishing.relay.left.for.job").counters().stream().mapToDouble(Counter::count)
                .sum();
        var confirms = meters.get("publishing.confirm.latency").tag("outcome", "ack").timer();
        double confirmMeanMs = confirms.mean(TimeUnit.MILLISECONDS);
        String notes = CALLERS + " callers in transactions, ≤ " + IN_FLIGHT + " between send and removal; same queue "
                + "type, size and flags as (a); p50/p99 = send → record removed; all " + sent + " delivered, "
                + Math.round(leftToJob) + " left to the job; publish → ack " + String.format("%.1f", confirmMeanMs)
                + " ms on average";
        double rate = (sent - before) / seconds;
        return List.of(store == Store.REDIS
                ? new Sample("b", "(b) reliable path: store, relay, confirm, remove", "msg/s", rate, latencies.p50Ms(),
                        latencies.p99Ms(), notes, Ratio.valueTo("a"))
                : new Sample("b-jdbc", "(b) reliable path, JDBC outbox: insert in the transaction, relay, confirm, delete",
                        "msg/s", rate, latencies.p50Ms(), latencies.p99Ms(),
                        notes + "; one commit (log flush) per message", Ratio.valueTo("b")));
    }

    @Override
    public void close() throws Exception {
        if (consumer != null) {
            consumer.abort();
        }
        queue.delete();
        if (context != null) {
            context.close();
        }
        if (store == Store.JDBC) {
            try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS `" + database + "`");
            }
        }
    }

    /** A private database with the outbox table, from reliable-publishing's own DDL. */
    private void createOutboxDatabase() throws Exception {
        String table = new ClassPathResource("com/example/reliable/publishing/jdbc/outbox-messages-mysql.sql")
                .getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("CREATE DATABASE `" + database + "`");
            admin.createStatement().execute("USE `" + database + "`");
            admin.createStatement().execute(table);
        }
    }

    /** @return when the last record sent in this period was removed (nanoTime) */
    private long sendFor(Duration duration, Latencies latencies) throws Exception {
        var publisher = context.getBean(ReliablePublisher.class);
        var transactions = context.getBean(TransactionTemplate.class);
        var removals = context.getBean(RemovalClock.class);
        var room = new Semaphore(IN_FLIGHT);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong lastRemoval = new AtomicLong();
        removals.onRemoved(ids -> {
            long now = System.nanoTime();
            for (String id : ids) {
                Long at = sentAt.remove(id);
                if (at != null) {
                    latencies.recordNanos(now - at);
                    lastRemoval.set(now);
                    room.release();
                }
            }
        });
        long deadline = System.nanoTime() + duration.toNanos();
        var failed = new AtomicBoolean();
        var counts = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Thread caller = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline && !failed.get()) {
                        if (!room.tryAcquire(1, TimeUnit.SECONDS)) {
                            continue;
                        }
                        String id = UUID.randomUUID().toString();
                        sentAt.put(id, System.nanoTime());
                        transactions.executeWithoutResult(status -> publisher.send("", name, id, new Filler(PAYLOAD),
                                new Source(id, 0)));
                        counts.incrementAndGet();
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                catch (RuntimeException ex) {
                    failed.set(true);
                    ex.printStackTrace();
                }
            }, "bench-caller-" + i);
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!sentAt.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        removals.onRemoved(ids -> { });
        if (failed.get() || !sentAt.isEmpty()) {
            throw new IllegalStateException(name() + ": a send failed, or " + sentAt.size()
                    + " records were not removed within 60 s");
        }
        sent += counts.get();
        return lastRemoval.get();
    }

    private void awaitDelivered() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (delivered.get() < sent && System.nanoTime() < giveUp) {
            Thread.sleep(50);
        }
        if (delivered.get() < sent) {
            throw new IllegalStateException(name() + ": sent " + sent + ", delivered " + delivered.get());
        }
    }


    /** The message: a record whose JSON is 512 bytes. */
    record Filler(String data) {
    }
}
