package com.example.reliable.common;

import java.time.Instant;
import java.util.List;

/**
 * An order was cancelled. Published on {@link OrderEvents#EXCHANGE} with routing key
 * {@link OrderEvents#CANCELLED}. Carries the lines so that inventory can give the stock back
 * without asking order-service.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when the order was cancelled
 * @param orderId the order's id in order-service
 * @param orderVersion the order's version after the cancellation
 * @param lines the lines whose stock is released
 * @param fingerprint made once when the cancellation happens, the same in every resend
 */
public record OrderCancelled(String messageId, Instant occurredAt, long orderId, long orderVersion,
        List<OrderLine> lines, String fingerprint) {

    public OrderCancelled {
        if (messageId == null || messageId.isBlank() || fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("messageId and fingerprint must not be blank");
        }
        OrderInvariants.require(orderId, orderVersion, lines);
        lines = List.copyOf(lines);
    }
}
