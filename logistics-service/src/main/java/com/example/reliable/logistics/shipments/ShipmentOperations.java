package com.example.reliable.logistics.shipments;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The table {@code shipment_operations}: which operation changed which order's shipment, from which
 * message, when. Written in the transaction that makes the change ({@code MANDATORY}), so a row exists
 * exactly when its change does; read by the operator's order search. Times are UTC.
 */
@Component
class ShipmentOperations {

    private final JdbcClient jdbc;

    ShipmentOperations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void applied(long orderId, String operation, String messageId, String effect, Instant at) {
        jdbc.sql("""
                INSERT INTO shipment_operations (order_id, operation, message_id, effect, applied_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(orderId, operation, messageId, effect, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    /** The order's operations, in the order they were applied. */
    List<AppliedOperation> of(long orderId) {
        return jdbc.sql("""
                SELECT operation, message_id, applied_at, effect FROM shipment_operations
                WHERE order_id = ? ORDER BY id""")
                .param(orderId)
                .query((rs, row) -> new AppliedOperation(rs.getString("operation"), rs.getString("message_id"),
                        rs.getObject("applied_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        "shipment " + rs.getString("effect")))
                .list();
    }
}
