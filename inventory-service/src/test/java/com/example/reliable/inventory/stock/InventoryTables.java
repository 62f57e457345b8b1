package com.example.reliable.inventory.stock;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a test reads from inventory-service's database to tell what really happened, independent of
 * the service's own classes (it can also read through a connection of its own when the service's is
 * cut).
 */
class InventoryTables {

    private final JdbcClient jdbc;

    InventoryTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int stock(String productId) {
        return jdbc.sql("SELECT stock FROM products WHERE id = ?").param(productId).query(Integer.class).single();
    }

    /** {@code t_check} rows of one operation, one per product (its own row, {@code unique_id = ''}, not counted). */
    int checkRows(String fingerprint) {
        return jdbc.sql("SELECT COUNT(*) FROM t_check WHERE fingerprint = ? AND unique_id <> ''").param(fingerprint)
                .query(Integer.class).single();
    }

    Optional<ReservationStatus> status(long orderId) {
        return jdbc.sql("SELECT status FROM reservations WHERE order_id = ?").param(orderId).query(String.class)
                .optional().map(ReservationStatus::valueOf);
    }

    int reservationsWith(ReservationStatus status, long fromOrderId, long toOrderId) {
        return jdbc.sql("SELECT COUNT(*) FROM reservations WHERE status = ? AND order_id BETWEEN ? AND ?")
                .params(status.name(), fromOrderId, toOrderId).query(Integer.class).single();
    }
}
