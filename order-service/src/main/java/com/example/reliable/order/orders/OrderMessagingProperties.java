package com.example.reliable.order.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.example.reliable.common.OrderEvents;

/**
 * Where order-service publishes ({@code order.messaging.*}).
 *
 * @param exchange the durable topic exchange for order events; {@link OrderEvents#EXCHANGE} except
 *     in tests, which each use their own
 */
@ConfigurationProperties("order.messaging")
record OrderMessagingProperties(@DefaultValue(OrderEvents.EXCHANGE) String exchange) {
}
