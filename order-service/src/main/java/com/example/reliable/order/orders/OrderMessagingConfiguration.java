package com.example.reliable.order.orders;

import java.util.List;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.TypedJsonMessageConverter;

/**
 * Declares the durable topic exchange order events go to. Boot's {@code RabbitAdmin} declares it
 * on every (re)connection, so it survives a broker restart without data. The queues are the
 * consumers' business: each service declares and binds its own — order-service its queue for
 * inventory's stock replies (with its dead-letter queue), read by a strict converter that knows
 * only those replies.
 */
@Configuration(proxyBeanMethods = false)
class OrderMessagingConfiguration {

    /** The stock reply converter's bean name, which the listener asks for (the timeline has its own). */
    static final String STOCK_REPLY_CONVERTER = "stockReplyConverter";

    /** The exchange this service publishes to: the one meant wherever "the" exchange is asked for. */
    @Bean
    @Primary
    TopicExchange orderEventsExchange(OrderMessagingProperties properties) {
        return ExchangeBuilder.topicExchange(properties.exchange()).durable(true).build();
    }

    @Bean
    TopicExchange stockRepliesExchange(OrderMessagingProperties properties) {
        return ExchangeBuilder.topicExchange(properties.repliesExchange()).durable(true).build();
    }

    @Bean
    Declarables stockRepliesQueue(OrderMessagingProperties properties) {
        return ConsumerQueue.declarables(properties.repliesQueue(), properties.repliesExchange(),
                List.of(InventoryEvents.RESERVED, InventoryEvents.REJECTED, InventoryEvents.RELEASED),
                properties.deliveryLimit());
    }

    @Bean(STOCK_REPLY_CONVERTER)
    MessageConverter stockReplyConverter() {
        return new TypedJsonMessageConverter(InventoryEvents.TYPES);
    }
}
