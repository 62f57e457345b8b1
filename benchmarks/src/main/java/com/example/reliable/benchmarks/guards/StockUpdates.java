package com.example.reliable.benchmarks.guards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Inventory's update path for an {@code OrderCreated} of one line, by hand: guarded, first the
 * {@code t_check} row (product id, the operation's fingerprint) under its unique key, as
 * IdempotencyCheck inserts it, then the conditional stock deduction; unguarded, the deduction alone.
 * The four products of the migration take turns; their stock is raised so that it never runs out.
 */
final class StockUpdates implements GuardedUpdates {

    private static final String[] PRODUCTS = { "SKU-1", "SKU-2", "SKU-3", "SKU-4" };

    private final PreparedStatement check;
    private final PreparedStatement take;
    private long next;

    StockUpdates(Connection connection) throws SQLException {
        connection.createStatement().executeUpdate("UPDATE products SET stock = 1000000000");
        this.check = connection.prepareStatement(
                "INSERT INTO t_check (unique_id, fingerprint, created_at) VALUES (?, ?, UTC_TIMESTAMP(6))");
        this.take = connection.prepareStatement("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?");
    }

    @Override
    public void apply(boolean guarded) throws SQLException {
        String product = PRODUCTS[(int) (next++ % PRODUCTS.length)];
        if (guarded) {
            check.setString(1, product);
            check.setString(2, UUID.randomUUID().toString());
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
