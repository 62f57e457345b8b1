package com.example.reliable.common;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The stock for an order could not be taken: some line was not covered (too few units, an unknown
 * product), so nothing was taken. Published by inventory-service on {@link InventoryEvents#EXCHANGE}
 * with routing key {@link InventoryEvents#REJECTED}, through its database outbox, in the transaction
 * that recorded the rejection.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when inventory applied the order event
 * @param orderId the order
 * @param orderVersion the version of the order event this answers
 * @param reason what could not be covered, for people (e.g. {@code SKU-5: 1 of 2})
 */
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record StockRejected(String messageId, Instant occurredAt, long orderId, long orderVersion, String reason) {

    /** The operation's name in its {@link #fingerprint()}. */
    public static final String OPERATION = "stock-rejected";

    public StockRejected {
        OrderInvariants.requireMessageId(messageId);
        OrderInvariants.requireIds(orderId, orderVersion);
    }

    /** This reply's operation id, the same in every message that reports it: {@code order-<id>-stock-rejected-v<version>}. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return OrderEvents.fingerprint(orderId, OPERATION, orderVersion);
    }

    /** The SHA-256 of what this reply says: the operation, order, version and reason (not the message id or time). */
    public String digest() {
        return OperationDigest.of(OPERATION, orderId, orderVersion, reason);
    }
}
