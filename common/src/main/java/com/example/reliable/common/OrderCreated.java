package com.example.reliable.common;

import java.time.Instant;
import java.util.List;

/**
 * An order was placed. Published on {@link OrderEvents#EXCHANGE} with routing key
 * {@link OrderEvents#CREATED}.
 * <p>
 * A resend carries exactly the same values as the first send: consumers tell duplicates apart by
 * {@code orderVersion} (logistics) or by {@code fingerprint} (inventory), never by arrival.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when the order was placed
 * @param orderId the order's id in order-service
 * @param orderVersion the order's version after this change (its JPA {@code @Version})
 * @param lines what was ordered
 * @param shippingAddress where to ship it
 * @param fingerprint made once when the order operation happens; identifies the operation, not the
 *     message, so every resend of this event carries the same fingerprint
 */
public record OrderCreated(String messageId, Instant occurredAt, long orderId, long orderVersion,
        List<OrderLine> lines, ShippingAddress shippingAddress, String fingerprint) {

    public OrderCreated {
        if (messageId == null || messageId.isBlank() || fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("messageId and fingerprint must not be blank");
        }
        OrderInvariants.require(orderId, orderVersion, lines);
        lines = List.copyOf(lines);
    }
}
