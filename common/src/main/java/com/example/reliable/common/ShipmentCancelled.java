package com.example.reliable.common;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order's shipment was cancelled: logistics applied its {@link OrderCancelled} (also when the cancel arrived first and the shipment was born cancelled). Published by
 * logistics-service on {@link ShipmentEvents#EXCHANGE} with routing key {@link ShipmentEvents#CANCELLED},
 * through its database outbox, in the transaction that changed the shipment.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when logistics applied the order event
 * @param orderId the order
 * @param orderVersion the version of the order event this reports
 */
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record ShipmentCancelled(String messageId, Instant occurredAt, long orderId, long orderVersion) {

    /** The operation's name in its {@link #fingerprint()}. */
    public static final String OPERATION = "shipment-cancelled";

    public ShipmentCancelled {
        OrderInvariants.requireMessageId(messageId);
        OrderInvariants.requireIds(orderId, orderVersion);
    }

    /** This event's operation id, the same in every message that reports it: {@code order-<id>-shipment-cancelled-v<version>}. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return OrderEvents.fingerprint(orderId, OPERATION, orderVersion);
    }
}
