package com.example.reliable.logistics.shipments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.ShipmentEvents;

/**
 * Where logistics-service takes its order events from ({@code logistics.messaging.*}).
 *
 * @param exchange the producer's topic exchange
 * @param queue this service's quorum queue; its dead-letter queue is {@code <queue>.dlq}
 * @param deliveryLimit deliveries after which a message that keeps failing is dead-lettered
 * @param eventsExchange the topic exchange the shipment events are published to;
 *     {@link ShipmentEvents#EXCHANGE} except in tests, which each use their own
 */
@ConfigurationProperties("logistics.messaging")
record LogisticsMessagingProperties(
        @DefaultValue(OrderEvents.EXCHANGE) String exchange,
        @DefaultValue("logistics.order-events") String queue,
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue(ShipmentEvents.EXCHANGE) String eventsExchange) {
}
