package com.example.reliable.common;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order was cancelled. Published on {@link OrderEvents#EXCHANGE} with routing key
 * {@link OrderEvents#CANCELLED}. Carries the lines, which inventory compares with what the order's
 * reservation took (it gives back what was taken, never what a message lists).
 * <p>
 * Ids as in {@link OrderCreated}: the {@code messageId} names the message, the derived
 * {@link #fingerprint()} ({@code order-42-cancelled-v1}) names the operation.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when the order was cancelled
 * @param orderId the order's id in order-service
 * @param orderVersion the order's version after the cancellation
 * @param lines the order's lines
 */
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record OrderCancelled(String messageId, Instant occurredAt, long orderId, long orderVersion,
        List<OrderLine> lines) {

    /** The operation's name in its {@link #fingerprint()}. */
    public static final String OPERATION = "cancelled";

    public OrderCancelled {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
        OrderInvariants.require(orderId, orderVersion, lines);
        lines = List.copyOf(lines);
    }

    /** This operation's id, the same in every message that reports it: {@code order-<id>-cancelled-v<version>}. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return OrderEvents.fingerprint(orderId, OPERATION, orderVersion);
    }

    /** The SHA-256 of what this operation says: order, version and lines (not the message id or time). */
    public String digest() {
        return OperationDigest.ofOrder(OPERATION, orderId, orderVersion, lines);
    }
}
