package com.example.reliable.inventory.stock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code reservations} table: one row per order, holding its {@link ReservationStatus}. A status
 * changes only through {@link #transition}, a conditional update, so that the change happens once
 * even if two transactions try it. {@code reservation_lines} holds what a RESERVED order took.
 */
@Component
class Reservations {

    private final JdbcClient jdbc;

    Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Reservation> find(long orderId) {
        return jdbc.sql("SELECT order_id, status, fingerprint, created_at, updated_at FROM reservations WHERE order_id = ?")
                .param(orderId)
                .query(Reservations::reservation)
                .optional();
    }

    /**
     * Records the first outcome for an order. The primary key allows one: if a concurrent
     * transaction recorded one first, this fails with a duplicate key and the caller's whole
     * transaction rolls back, to be retried (and then see the other's outcome).
     */
    void insert(long orderId, ReservationStatus status, String fingerprint) {
        jdbc.sql("""
                INSERT INTO reservations (order_id, status, fingerprint, created_at, updated_at)
                VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))""")
                .params(orderId, status.name(), fingerprint)
                .update();
    }

    /** Records the units a reservation took, in the same transaction as the stock change. */
    void insertLines(long orderId, SortedMap<String, Integer> taken) {
        taken.forEach((productId, quantity) -> jdbc.sql(
                "INSERT INTO reservation_lines (order_id, product_id, quantity) VALUES (?, ?, ?)")
                .params(orderId, productId, quantity)
                .update());
    }

    /** The units the order's reservation took, by product; empty if it took none. */
    SortedMap<String, Integer> lines(long orderId) {
        SortedMap<String, Integer> taken = new TreeMap<>();
        jdbc.sql("SELECT product_id, quantity FROM reservation_lines WHERE order_id = ?")
                .param(orderId)
                .query((row, rowNum) -> taken.put(row.getString("product_id"), row.getInt("quantity")))
                .list();
        return taken;
    }

    /** Moves the order from one status to another; {@code false} if it was not in {@code from}. */
    boolean transition(long orderId, ReservationStatus from, ReservationStatus to, String fingerprint) {
        return jdbc.sql("""
                UPDATE reservations SET status = ?, fingerprint = ?, updated_at = UTC_TIMESTAMP(6)
                WHERE order_id = ? AND status = ?""")
                .params(to.name(), fingerprint, orderId, from.name())
                .update() == 1;
    }

    private static Reservation reservation(ResultSet row, int rowNum) throws SQLException {
        return new Reservation(row.getLong("order_id"), ReservationStatus.valueOf(row.getString("status")),
                row.getString("fingerprint"),
                row.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                row.getObject("updated_at", LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }
}
