package com.example.reliable.benchmarks.guards;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.example.reliable.benchmarks.Mode;
import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.testsupport.Servers;

/**
 * (h) The remedy for a hot {@code t_check} table that the design names — partition it by the unique
 * id — measured: rows inserted per second into inventory's {@code t_check} as its migrations make it,
 * and into a copy partitioned {@code BY KEY(unique_id)} into 8 partitions (the unique id joins the
 * primary key, as a partitioned table requires). Both are filled first with the same rows (1,000,000
 * in a full run) over 1,000 unique ids, so that the indexes have a realistic size; then
 * {@value #WRITERS} writers insert one row per transaction, as the consumer does, in ABBA order (plain,
 * partitioned, partitioned, plain) so that a drift of the server hits both alike. Filled with
 * MariaDB's sequence engine ({@code seq_1_to_N}): MariaDB only.
 */
public final class TCheckPartitioning implements Scenario {

    static final int WRITERS = 4;
    private static final int UNIQUE_IDS = 1000;
    private static final String PLAIN = "t_check";
    private static final String PARTITIONED = "t_check_by_unique_id";

    private final Servers servers;
    private final AtomicLong fingerprints = new AtomicLong();
    private GuardDatabase database;
    private String url;

    public TCheckPartitioning(Servers servers) {
        this.servers = servers;
    }

    @Override
    public String name() {
        return "(h) t_check insert rate, plain and partitioned by unique id";
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        database = new GuardDatabase(servers, "inventory-service/src/main/resources/db/migration");
        url = servers.jdbcUrl(database.name());
        Connection connection = database.connection();
        connection.createStatement().execute("CREATE TABLE " + PARTITIONED + " ("
                + "id BIGINT NOT NULL AUTO_INCREMENT, unique_id VARCHAR(64) NOT NULL, fingerprint VARCHAR(64) NOT NULL, "
                + "created_at DATETIME(6) NOT NULL, PRIMARY KEY (id, unique_id), "
                + "UNIQUE KEY uk_t_check (unique_id, fingerprint), KEY ix_t_check_created_at (created_at)) "
                + "PARTITION BY KEY (unique_id) PARTITIONS 8");
        int rows = settings.mode() == Mode.FULL ? 1_000_000 : 10_000;
        for (String table : List.of(PLAIN, PARTITIONED)) {
            connection.createStatement().execute("INSERT INTO " + table + " (unique_id, fingerprint, created_at) "
                    + "SELECT CONCAT('SKU-', seq % " + UNIQUE_IDS + "), CONCAT('filled-', seq), UTC_TIMESTAMP(6) "
                    + "FROM seq_1_to_" + rows);
        }
        insert(PLAIN, settings.guardWarmUp());
        insert(PARTITIONED, settings.guardWarmUp());
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        int half = settings.guardMessages() / 2;
        long plainNanos = insert(PLAIN, half);
        long partitionedNanos = insert(PARTITIONED, 2 * half);
        plainNanos += insert(PLAIN, half);
        double plain = 2 * half / (plainNanos / 1e9);
        double partitioned = 2 * half / (partitionedNanos / 1e9);
        return List.of(
                Sample.of("h-plain", "(h) t_check insert rate, as migrated", "rows/s", plain,
                        WRITERS + " writers, one row per transaction, " + UNIQUE_IDS + " unique ids"),
                new Sample("h-partitioned", "(h) t_check insert rate, PARTITION BY KEY(unique_id) 8", "rows/s",
                        partitioned, Double.NaN, Double.NaN, "same rows, same writers; primary key (id, unique_id)",
                        Ratio.valueTo("h-plain")));
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }

    /** {@code rows} rows into {@code table} by {@value #WRITERS} writers, one per transaction; the wall time in ns. */
    private long insert(String table, int rows) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < WRITERS; i++) {
                connections.add(DriverManager.getConnection(url, servers.mysqlUser(), servers.mysqlPassword()));
            }
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (Connection connection : connections) {
                done.add(writers.submit(() -> {
                    try (var statement = connection.prepareStatement("INSERT INTO " + table
                            + " (unique_id, fingerprint, created_at) VALUES (?, ?, UTC_TIMESTAMP(6))")) {
                        for (int i = 0; i < rows / WRITERS; i++) {
                            long fingerprint = fingerprints.incrementAndGet();
                            statement.setString(1, "SKU-" + Math.floorMod(fingerprint * 7919, UNIQUE_IDS));
                            statement.setString(2, "order-" + fingerprint + "-created-v0");
                            statement.executeUpdate();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(10, TimeUnit.MINUTES);
            }
            return System.nanoTime() - start;
        }
        finally {
            writers.shutdownNow();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
