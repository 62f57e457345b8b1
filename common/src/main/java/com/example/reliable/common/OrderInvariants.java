package com.example.reliable.common;

import java.util.List;

/**
 * What every order event must satisfy before any consumer acts on it, checked in the events'
 * constructors, so that a message that breaks them cannot even be read: it goes to the
 * dead-letter queue with the reason, and no stock or shipment is touched. The limits are the
 * ones order-service enforces on {@code POST /orders}; with them no sum of units can overflow.
 */
public final class OrderInvariants {

    /** The most lines one order may have. */
    public static final int MAX_LINES = 50;

    private OrderInvariants() {
    }

    static void require(long orderId, long orderVersion, List<OrderLine> lines) {
        requireIds(orderId, orderVersion);
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("an order event has 1 to " + MAX_LINES + " lines, this one "
                    + (lines == null ? "none" : lines.size()));
        }
        for (OrderLine line : lines) {
            if (line == null) {
                throw new IllegalArgumentException("an order event's lines must not be null");
            }
        }
    }

    /** What every event about an order must say: which order (id ≥ 1) and which version of it (≥ 0). */
    static void requireIds(long orderId, long orderVersion) {
        if (orderId < 1) {
            throw new IllegalArgumentException("orderId must be positive, was " + orderId);
        }
        if (orderVersion < 0) {
            throw new IllegalArgumentException("orderVersion must not be negative, was " + orderVersion);
        }
    }

    static void requireMessageId(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
    }
}
