package com.example.reliable.order.orders;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.publishing.ReliablePublisher;
import com.example.reliable.publishing.Source;

/**
 * Turns an order change into its event and hands it to the {@link ReliablePublisher}, inside the
 * order's transaction. The message id and the fingerprint are made here, once: every resend
 * carries the same ones.
 */
@Component
class OrderEventPublisher {

    private final ReliablePublisher publisher;
    private final OrderMessagingProperties properties;
    private final Clock clock;

    OrderEventPublisher(ReliablePublisher publisher, OrderMessagingProperties properties, Clock clock) {
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    void created(Order order) {
        Address address = order.getShippingAddress();
        var event = new OrderCreated(newId(), clock.instant(), order.getId(), order.getVersion(), lines(order),
                new ShippingAddress(address.street(), address.city(), address.postalCode(), address.country()),
                newId());
        publisher.send(properties.exchange(), OrderEvents.CREATED, event.messageId(), event, source(order));
    }

    void cancelled(Order order) {
        var event = new OrderCancelled(newId(), clock.instant(), order.getId(), order.getVersion(), lines(order),
                newId());
        publisher.send(properties.exchange(), OrderEvents.CANCELLED, event.messageId(), event, source(order));
    }

    private static List<OrderLine> lines(Order order) {
        return order.getLines().stream().map(line -> new OrderLine(line.productId(), line.quantity())).toList();
    }

    private static Source source(Order order) {
        return new Source(String.valueOf(order.getId()), order.getVersion());
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
