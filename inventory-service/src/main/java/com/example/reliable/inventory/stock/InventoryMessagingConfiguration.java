package com.example.reliable.inventory.stock;

import java.util.List;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.TypedJsonMessageConverter;

/**
 * inventory-service's queue, bound for both order events, with its dead-letter queue (Boot's
 * {@code RabbitAdmin} declares them on every connection), the strict converter that reads only
 * order events (anything else goes to the dead-letter queue unread), and the exchange its stock
 * replies are published to.
 */
@Configuration(proxyBeanMethods = false)
class InventoryMessagingConfiguration {

    @Bean
    Declarables inventoryQueue(InventoryMessagingProperties properties) {
        return ConsumerQueue.declarables(properties.queue(), properties.exchange(),
                List.of(OrderEvents.CREATED, OrderEvents.CANCELLED), properties.deliveryLimit());
    }

    /** Where the stock replies go: declared by their publisher, bound by whoever listens (order-service). */
    @Bean
    TopicExchange repliesExchange(InventoryMessagingProperties properties) {
        return ExchangeBuilder.topicExchange(properties.repliesExchange()).durable(true).build();
    }

    @Bean
    MessageConverter orderEventConverter() {
        return new TypedJsonMessageConverter(OrderEvents.TYPES);
    }
}
