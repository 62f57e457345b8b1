package com.example.reliable.common;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The stock for an order was taken: every line of its {@link OrderCreated} was covered. Published by inventory-service on {@link InventoryEvents#EXCHANGE} with routing key
 * {@link InventoryEvents#RESERVED}, through its database outbox, in the transaction that changed the
 * stock.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when inventory applied the order event
 * @param orderId the order
 * @param orderVersion the version of the order event this answers
 */
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record StockReserved(String messageId, Instant occurredAt, long orderId, long orderVersion) {

    /** The operation's name in its {@link #fingerprint()}. */
    public static final String OPERATION = "stock-reserved";

    public StockReserved {
        OrderInvariants.requireMessageId(messageId);
        OrderInvariants.requireIds(orderId, orderVersion);
    }

    /** This reply's operation id, the same in every message that reports it: {@code order-<id>-stock-reserved-v<version>}. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return OrderEvents.fingerprint(orderId, OPERATION, orderVersion);
    }

    /** The SHA-256 of what this reply says: the operation, order and version (not the message id or time). */
    public String digest() {
        return OperationDigest.of(OPERATION, orderId, orderVersion);
    }
}
