package com.example.reliable.benchmarks.guards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Logistics' update path as ShipmentService does it for an {@code OrderCancelled}, by hand: guarded,
 * read the shipment by order id (as {@code findByOrderId}), skip unless the event's order version is
 * newer, then {@code UPDATE … SET version = version + 1 … WHERE id = ? AND version = ?} (Hibernate's
 * {@code @Version} check), which must change one row. Unguarded: the same UPDATE by order id, no read,
 * no version. Each message takes the next of {@code shipments} seeded shipments, in turn, with a newer
 * order version each time round.
 */
final class ShipmentUpdates implements GuardedUpdates {

    private final int shipments;
    private final PreparedStatement find;
    private final PreparedStatement guardedUpdate;
    private final PreparedStatement plainUpdate;
    private long next;

    ShipmentUpdates(Connection connection, int shipments) throws SQLException {
        this.shipments = shipments;
        try (var seed = connection.prepareStatement("INSERT INTO shipments (order_id, version, order_version, status, "
                + "street, city, postal_code, country, updated_at) VALUES (?, 0, 0, 'CREATED', '1 Main St', "
                + "'Springfield', '12345', 'US', ?)")) {
            for (int order = 1; order <= shipments; order++) {
                seed.setLong(1, order);
                seed.setTimestamp(2, Timestamp.from(Instant.now()));
                seed.addBatch();
            }
            seed.executeBatch();
        }
        this.find = connection.prepareStatement(
                "SELECT id, version, order_version, status, street, city, postal_code, country, updated_at "
                        + "FROM shipments WHERE order_id = ?");
        this.guardedUpdate = connection.prepareStatement("UPDATE shipments SET status = ?, order_version = ?, "
                + "updated_at = ?, version = ? WHERE id = ? AND version = ?");
        this.plainUpdate = connection.prepareStatement("UPDATE shipments SET status = ?, updated_at = ? WHERE order_id = ?");
    }

    @Override
    public void apply(boolean guarded) throws SQLException {
        long order = next % shipments + 1;
        long orderVersion = next / shipments + 1;
        next++;
        Timestamp now = Timestamp.from(Instant.now());
        if (!guarded) {
            plainUpdate.setString(1, "CANCELLED");
            plainUpdate.setTimestamp(2, now);
            plainUpdate.setLong(3, order);
            plainUpdate.executeUpdate();
            return;
        }
        find.setLong(1, order);
        long id;
        long version;
        try (var result = find.executeQuery()) {
            result.next();
            id = result.getLong(1);
            version = result.getLong(2);
            if (result.getLong(3) >= orderVersion) {
                return; // a duplicate or an older event: skipped
            }
        }
        guardedUpdate.setString(1, "CANCELLED");
        guardedUpdate.setLong(2, orderVersion);
        guardedUpdate.setTimestamp(3, now);
        guardedUpdate.setLong(4, version + 1);
        guardedUpdate.setLong(5, id);
        guardedUpdate.setLong(6, version);
        if (guardedUpdate.executeUpdate() != 1) {
            throw new IllegalStateException("Optimistic lock failed on shipment " + id + " with no one else writing");
        }
    }
}
