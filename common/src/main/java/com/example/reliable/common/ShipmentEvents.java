package com.example.reliable.common;

import java.util.Map;

/**
 * Names on the wire for logistics-service's shipment events: one durable topic exchange, one
 * routing key per event. Whoever wants to know what happened to a shipment binds its own queue
 * (order-service's timeline does); logistics never knows who listens.
 */
public final class ShipmentEvents {

    /** Durable topic exchange that logistics-service publishes its shipment events to. */
    public static final String EXCHANGE = "logistics.events";

    /** Routing key of {@link ShipmentCreated}. */
    public static final String CREATED = "shipment.created";

    /** Routing key of {@link ShipmentCancelled}. */
    public static final String CANCELLED = "shipment.cancelled";

    /** Every shipment event by its AMQP {@code type} property: what a consumer of them may receive. */
    public static final Map<String, Class<?>> TYPES = Map.of(
            ShipmentCreated.class.getSimpleName(), ShipmentCreated.class,
            ShipmentCancelled.class.getSimpleName(), ShipmentCancelled.class);

    private ShipmentEvents() {
    }
}
