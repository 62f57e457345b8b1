package com.example.reliable.common;

import java.util.Map;

/**
 * Names on the wire for order events: one durable topic exchange, one routing key per event type.
 * Consumers bind their own queues to the exchange; the producer never knows who listens.
 */
public final class OrderEvents {

    /** Durable topic exchange that order-service publishes every order event to. */
    public static final String EXCHANGE = "order.events";

    /** Routing key of {@link OrderCreated}. */
    public static final String CREATED = "order.created";

    /** Routing key of {@link OrderCancelled}. */
    public static final String CANCELLED = "order.cancelled";

    /**
     * Every order event by its AMQP {@code type} property (the record's simple name): what a
     * consumer may receive, and nothing else.
     */
    public static final Map<String, Class<?>> TYPES = Map.of(
            OrderCreated.class.getSimpleName(), OrderCreated.class,
            OrderCancelled.class.getSimpleName(), OrderCancelled.class);

    /**
     * The fingerprint of an order operation: the order, the operation and the order version it
     * produced, spelled out, e.g. {@code order-42-created-v0}. It names what happened, not a
     * message: every message that reports this operation carries it — a resend, a copy, or the
     * same operation published again under a new message id — and no other operation can.
     *
     * @param operation {@code created} or {@code cancelled}
     */
    public static String fingerprint(long orderId, String operation, long orderVersion) {
        return fingerprintPrefix(orderId) + operation + "-v" + orderVersion;
    }

    /** How every fingerprint of an operation on this order begins, e.g. {@code order-42-}. */
    public static String fingerprintPrefix(long orderId) {
        return "order-" + orderId + "-";
    }

    private OrderEvents() {
    }
}
