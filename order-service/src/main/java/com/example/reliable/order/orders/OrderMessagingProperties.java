package com.example.reliable.order.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderEvents;

/**
 * Where order-service publishes, and where it takes inventory's replies from ({@code order.messaging.*}).
 *
 * @param exchange the durable topic exchange for order events; {@link OrderEvents#EXCHANGE} except
 *     in tests, which each use their own
 * @param repliesExchange inventory-service's exchange for stock replies
 *     ({@link InventoryEvents#EXCHANGE} except in tests)
 * @param repliesQueue order-service's quorum queue for them; its dead-letter queue is {@code <queue>.dlq}
 * @param deliveryLimit deliveries after which a reply that keeps failing is dead-lettered
 */
@ConfigurationProperties("order.messaging")
record OrderMessagingProperties(
        @DefaultValue(OrderEvents.EXCHANGE) String exchange,
        @DefaultValue(InventoryEvents.EXCHANGE) String repliesExchange,
        @DefaultValue("order.stock-replies") String repliesQueue,
        @DefaultValue("5") int deliveryLimit) {
}
