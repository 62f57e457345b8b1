package com.example.reliable.order.orders;

import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the durable topic exchange order events go to. Boot's {@code RabbitAdmin} declares it
 * on every (re)connection, so it survives a broker restart without data. The queues are the
 * consumers' business: each service declares and binds its own.
 */
@Configuration(proxyBeanMethods = false)
class OrderMessagingConfiguration {

    @Bean
    TopicExchange orderEventsExchange(OrderMessagingProperties properties) {
        return ExchangeBuilder.topicExchange(properties.exchange()).durable(true).build();
    }
}
