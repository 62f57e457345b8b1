package com.example.reliable.order.timeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.ShipmentEvents;

/**
 * Where the timeline takes its events from and how long it keeps them ({@code order.timeline.*}).
 *
 * @param queue the timeline's quorum queue, bound to the two exchanges below; its dead-letter
 *     queue is {@code <queue>.dlq}
 * @param orderEventsExchange order-service's own events ({@link OrderEvents#EXCHANGE})
 * @param shipmentEventsExchange logistics-service's shipment events ({@link ShipmentEvents#EXCHANGE})
 * @param deliveryLimit deliveries after which an event that keeps failing is dead-lettered
 * @param keyPrefix prefix of the Redis keys, {@code <prefix>{order-42}:entries},
 *     {@code <prefix>{order-42}:applied} and {@code <prefix>{order-42}:not-stored}
 * @param maxEntries the most entries one order's timeline keeps (a real order has at most seven);
 *     entries beyond it are counted, not stored
 * @param retention how long an order's timeline is kept after its last event; the applied operations
 *     expire with it, so a duplicate delivered later than this would be recorded again
 */
@ConfigurationProperties("order.timeline")
record TimelineProperties(
        @DefaultValue("order.timeline") String queue,
        @DefaultValue(OrderEvents.EXCHANGE) String orderEventsExchange,
        @DefaultValue(ShipmentEvents.EXCHANGE) String shipmentEventsExchange,
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue("timeline:") String keyPrefix,
        @DefaultValue("50") int maxEntries,
        @DefaultValue("30d") Duration retention) {
}
