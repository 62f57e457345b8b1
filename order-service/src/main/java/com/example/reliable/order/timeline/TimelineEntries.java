package com.example.reliable.order.timeline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;
import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;

/**
 * What each event adds to its order's timeline. An {@link OrderCreated} adds two entries: the order
 * was {@code placed} (its own time), and it was {@code published} (now: the event has come back
 * through the broker). Every other event adds one entry at its own time.
 */
@Component
class TimelineEntries {

    private final Clock clock;

    TimelineEntries(Clock clock) {
        this.clock = clock;
    }

    List<TimelineEntry> of(OrderCreated event) {
        String address = event.shippingAddress() == null ? "no address" : "to " + event.shippingAddress().city();
        return List.of(
                entry(event.occurredAt(), "placed", event.lines().size() + " line(s), " + address,
                        event.fingerprint(), event.messageId()),
                entry(clock.instant(), "published", "OrderCreated reached the broker as message " + event.messageId(),
                        event.fingerprint(), event.messageId()));
    }

    List<TimelineEntry> of(OrderCancelled event) {
        return List.of(entry(event.occurredAt(), "cancelled", "order version " + event.orderVersion(),
                event.fingerprint(), event.messageId()));
    }

    List<TimelineEntry> of(StockReserved event) {
        return List.of(entry(event.occurredAt(), "stock-reserved", "inventory took the stock for every line",
                event.fingerprint(), event.messageId()));
    }

    List<TimelineEntry> of(StockRejected event) {
        return List.of(entry(event.occurredAt(), "stock-rejected", event.reason(), event.fingerprint(),
                event.messageId()));
    }

    List<TimelineEntry> of(StockReleased event) {
        return List.of(entry(event.occurredAt(), "stock-released", "inventory gave the reserved stock back",
                event.fingerprint(), event.messageId()));
    }

    List<TimelineEntry> of(ShipmentCreated event) {
        return List.of(entry(event.occurredAt(), "shipment-created", "logistics will ship it",
                event.fingerprint(), event.messageId()));
    }

    List<TimelineEntry> of(ShipmentCancelled event) {
        return List.of(entry(event.occurredAt(), "shipment-cancelled", "logistics will not ship it",
                event.fingerprint(), event.messageId()));
    }

    private static TimelineEntry entry(Instant at, String name, String detail, String operation,
            String messageId) {
        return new TimelineEntry(at, name, detail, operation, messageId);
    }
}
