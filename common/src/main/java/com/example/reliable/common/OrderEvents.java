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

    private OrderEvents() {
    }
}
