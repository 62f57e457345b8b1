package com.example.reliable.order.timeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.ShipmentEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.TypedJsonMessageConverter;

/**
 * The timeline's quorum queue with its dead-letter queue, bound to the order events and logistics'
 * shipment events; and the strict converter that reads exactly those (anything else goes to the
 * dead-letter queue unread). Inventory's stock replies are not bound here: they reach the timeline
 * through order-service's reply handling, once accepted ({@link ReplyTimeline}).
 */
@Configuration(proxyBeanMethods = false)
class TimelineMessagingConfiguration {

    /** The converter's bean name, which the listener asks for. */
    static final String CONVERTER = "timelineEventConverter";

    @Bean
    Declarables timelineQueue(TimelineProperties properties) {
        Map<String, List<String>> routingKeys = new LinkedHashMap<>();
        routingKeys.put(properties.orderEventsExchange(), List.of(OrderEvents.CREATED, OrderEvents.CANCELLED));
        routingKeys.put(properties.shipmentEventsExchange(), List.of(ShipmentEvents.CREATED, ShipmentEvents.CANCELLED));
        return ConsumerQueue.declarables(properties.queue(), routingKeys, properties.deliveryLimit());
    }

    @Bean(CONVERTER)
    MessageConverter timelineEventConverter() {
        Map<String, Class<?>> types = new HashMap<>(OrderEvents.TYPES);
        types.putAll(ShipmentEvents.TYPES);
        return new TypedJsonMessageConverter(types);
    }
}
