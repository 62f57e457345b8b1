package com.example.reliable.logistics.shipments;

import java.time.Clock;
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
 * logistics-service's queue (bound for both order events, with its dead-letter queue), the strict
 * converter that reads only order events, and the exchange its shipment events are published to.
 */
@Configuration(proxyBeanMethods = false)
class LogisticsMessagingConfiguration {

    @Bean
    Declarables logisticsQueue(LogisticsMessagingProperties properties) {
        return ConsumerQueue.declarables(properties.queue(), properties.exchange(),
                List.of(OrderEvents.CREATED, OrderEvents.CANCELLED), properties.deliveryLimit());
    }

    /** Where the shipment events go: declared by their publisher, bound by whoever listens (order-service's timeline). */
    @Bean
    TopicExchange shipmentEventsExchange(LogisticsMessagingProperties properties) {
        return ExchangeBuilder.topicExchange(properties.eventsExchange()).durable(true).build();
    }

    @Bean
    MessageConverter orderEventConverter() {
        return new TypedJsonMessageConverter(OrderEvents.TYPES);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
