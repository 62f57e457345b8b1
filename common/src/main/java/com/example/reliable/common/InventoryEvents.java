package com.example.reliable.common;

import java.util.Map;

/**
 * Names on the wire for inventory-service's replies: one durable topic exchange, one routing key
 * per reply. order-service binds its own queue to the exchange; inventory never knows who listens.
 */
public final class InventoryEvents {

    /** Durable topic exchange that inventory-service publishes its replies to. */
    public static final String EXCHANGE = "inventory.events";

    /** Routing key of {@link StockReserved}. */
    public static final String RESERVED = "stock.reserved";

    /** Routing key of {@link StockRejected}. */
    public static final String REJECTED = "stock.rejected";

    /** Routing key of {@link StockReleased}. */
    public static final String RELEASED = "stock.released";

    /** Every reply by its AMQP {@code type} property: what a consumer of replies may receive. */
    public static final Map<String, Class<?>> TYPES = Map.of(
            StockReserved.class.getSimpleName(), StockReserved.class,
            StockRejected.class.getSimpleName(), StockRejected.class,
            StockReleased.class.getSimpleName(), StockReleased.class);

    private InventoryEvents() {
    }
}
