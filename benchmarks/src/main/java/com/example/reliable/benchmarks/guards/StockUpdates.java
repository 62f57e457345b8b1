package com.example.reliable.benchmarks.guards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Inventory's update path for an {@code OrderCreated} of one line, by hand: guarded, first the
 * {@code t_check} rows as IdempotencyCheck inserts them in one statement — the operation's own row
 * ({@code unique_id ''}, with the digest of its data) and the product's row, under the unique key —
 * then the conditional stock deduction; unguarded, the deduction alone.
 * The four products of the migration take turns; their stock is raised so that it never runs out.
 */
final class StockUpdates implements GuardedUpdates {

    private static final String[] PRODUCTS = { "SKU-1", "SKU-2", "SKU-3", "SKU-4" };

    /** A digest's size; its value does not matter here (64 hex characters, as SHA-256 gives). */
    private static final String DIGEST = "0".repeat(64);

    private final PreparedStatement check;
    private final PreparedStatement take;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private long next;

    StockUpdates(Connection connection) throws SQLException {
        connection.createStatement().executeUpdate("UPDATE products SET stock = 1000000000");
        this.check = connection.prepareStatement("INSERT INTO t_check (unique_id, fingerprint, digest, created_at) "
                + "VALUES ('', ?, ?, UTC_TIMESTAMP(6)), (?, ?, NULL, UTC_TIMESTAMP(6))");
        this.take = connection.prepareStatement("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?");
    }

    @Override
    public void apply(boolean guarded) throws SQLException {
        String product = PRODUCTS[(int) (next++ % PRODUCTS.length)];
        if (guarded) {
            String fingerprint = "order-" + next + "-created-v0-" + run;
            check.setString(1, fingerprint);
            check.setString(2, DIGEST);
            check.setString(3, product);
            check.setString(4, fingerprint);
            check.executeUpdate(); // a duplicate would fail here, on uk_t_check
        }
        take.setInt(1, 1);
        take.setString(2, product);
        take.setInt(3, 1);
        if (take.executeUpdate() != 1) {
            throw new IllegalStateException("No stock left for " + product);
        }
    }
}
