package com.example.reliable.inventory.stock;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderEvents;

/**
 * Where inventory-service takes its order events from ({@code inventory.messaging.*}).
 *
 * @param exchange the producer's topic exchange; {@link OrderEvents#EXCHANGE} except in tests, which
 *     each use their own
 * @param queue this service's quorum queue; its dead-letter queue is {@code <queue>.dlq}
 * @param deliveryLimit deliveries after which a message that keeps failing is dead-lettered
 * @param repliesExchange the topic exchange the stock replies are published to;
 *     {@link InventoryEvents#EXCHANGE} except in tests, which each use their own
 */
@ConfigurationProperties("inventory.messaging")
record InventoryMessagingProperties(
        @DefaultValue(OrderEvents.EXCHANGE) String exchange,
        @DefaultValue("inventory.order-events") String queue,
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue(InventoryEvents.EXCHANGE) String repliesExchange) {
}
