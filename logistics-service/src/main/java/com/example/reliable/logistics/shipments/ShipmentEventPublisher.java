package com.example.reliable.logistics.shipments;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;
import com.example.reliable.common.ShipmentEvents;
import com.example.reliable.publishing.ReliablePublisher;
import com.example.reliable.publishing.Source;

/**
 * Tells whoever listens what happened to a shipment: {@link ShipmentCreated},
 * {@link ShipmentCancelled}. Called inside {@link ShipmentService}'s transaction; the event is a row
 * of the {@code outbox_messages} table in logistics' own database (reliable publishing's JDBC store),
 * so it commits with the shipment change or not at all, and is published after the commit — by the
 * relay, or by the compensation job if the service dies first. A duplicate order event changes
 * nothing and so publishes nothing: the first one's event is already in the outbox.
 */
@Component
class ShipmentEventPublisher {

    private final ReliablePublisher publisher;
    private final LogisticsMessagingProperties properties;
    private final Clock clock;

    ShipmentEventPublisher(ReliablePublisher publisher, LogisticsMessagingProperties properties, Clock clock) {
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    void created(long orderId, long orderVersion) {
        var event = new ShipmentCreated(newId(), clock.instant(), orderId, orderVersion);
        send(ShipmentEvents.CREATED, event.messageId(), event, orderId, orderVersion);
    }

    void cancelled(long orderId, long orderVersion) {
        var event = new ShipmentCancelled(newId(), clock.instant(), orderId, orderVersion);
        send(ShipmentEvents.CANCELLED, event.messageId(), event, orderId, orderVersion);
    }

    private void send(String routingKey, String messageId, Object event, long orderId, long orderVersion) {
        publisher.send(properties.eventsExchange(), routingKey, messageId, event,
                new Source(String.valueOf(orderId), orderVersion));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
