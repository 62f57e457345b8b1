package com.example.reliable.benchmarks.guards;

import java.sql.Connection;
import java.util.List;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.testsupport.Servers;

/**
 * (g) What a consumer's idempotency guard costs per message: the same business update applied one
 * message per transaction, with the {@link Guard} and without it, on one connection, in ABBA order
 * (half without, all with, half without) so that a drift of the server hits both alike. Both share
 * the commit, which on MariaDB's defaults (log flushed at every commit) is most of either number;
 * the difference is the guard's own statements. Plain JDBC: the services add Hibernate or
 * Spring's JdbcClient on top, which costs both variants alike and is not measured here.
 */
public final class GuardCost implements Scenario {

    /** The guards, each with its service's migrations folder and its business update. */
    public enum Guard {
        OPTIMISTIC_LOCK("g-lock", "logistics: cancel a shipment", "+ order-version check and @Version",
                "logistics-service/src/main/resources/db/migration",
                "guard = SELECT the shipment (order_version, version) + UPDATE … WHERE version = ?; "
                        + "without = UPDATE by order id"),
        T_CHECK("g-tcheck", "inventory: take one unit of stock", "+ t_check insert",
                "inventory-service/src/main/resources/db/migration",
                "guard = INSERT the operation's and the product's t_check rows (unique key) in the stock transaction; "
                        + "without = the stock UPDATE alone");

        final String row;
        final String update;
        final String guard;
        final String migrations;
        final String note;

        Guard(String row, String update, String guard, String migrations, String note) {
            this.row = row;
            this.update = update;
            this.guard = guard;
            this.migrations = migrations;
            this.note = note;
        }
    }

    private final Servers servers;
    private final Guard guard;
    private GuardDatabase database;
    private GuardedUpdates updates;

    public GuardCost(Servers servers, Guard guard) {
        this.servers = servers;
        this.guard = guard;
    }

    @Override
    public String name() {
        return "(g) " + guard.update + " " + guard.guard;
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        database = new GuardDatabase(servers, guard.migrations);
        Connection connection = database.connection();
        updates = guard == Guard.OPTIMISTIC_LOCK ? new ShipmentUpdates(connection, settings.guardMessages())
                : new StockUpdates(connection);
        connection.setAutoCommit(false);
        measure(settings.guardWarmUp(), true, new Latencies());
        measure(settings.guardWarmUp(), false, new Latencies());
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        int half = settings.guardMessages() / 2;
        var without = new Latencies();
        var with = new Latencies();
        long withoutNanos = measure(half, false, without);
        long withNanos = measure(2 * half, true, with);
        withoutNanos += measure(half, false, without);
        double withoutMicros = withoutNanos / 1e3 / (2 * half);
        double withMicros = withNanos / 1e3 / (2 * half);
        without.snapshot();
        with.snapshot();
        return List.of(
                new Sample(guard.row + "-off", "(g) " + guard.update + ", no guard", "µs/message", withoutMicros,
                        without.p50Ms(), without.p99Ms(), 2 * half + " transactions, one connection", null),
                new Sample(guard.row, "(g) " + guard.update + " " + guard.guard, "µs/message", withMicros,
                        with.p50Ms(), with.p99Ms(), guard.note, Ratio.valueTo(guard.row + "-off")),
                Sample.of(guard.row + "-cost", "(g) " + guard.update + ": the guard's cost", "µs/message",
                        withMicros - withoutMicros, "with − without, same repetition; the commit dominates both"));
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }

    /** Applies {@code messages} messages, one transaction each; returns the total time in nanoseconds. */
    private long measure(int messages, boolean guarded, Latencies latencies) throws Exception {
        long total = 0;
        for (int i = 0; i < messages; i++) {
            long start = System.nanoTime();
            updates.apply(guarded);
            database.connection().commit();
            long took = System.nanoTime() - start;
            latencies.recordNanos(took);
            total += took;
        }
        return total;
    }
}
