package com.example.reliable.inventory.stock;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;
import com.example.reliable.publishing.ReliablePublisher;
import com.example.reliable.publishing.Source;

/**
 * Tells order-service what the stock did with an order event: {@link StockReserved},
 * {@link StockRejected}, {@link StockReleased}. Called inside {@link ReservationService}'s
 * transaction; the reply is a row of the {@code outbox_messages} table in inventory's own database
 * (reliable publishing's JDBC store), so it commits with the stock change or not at all, and is
 * published after the commit — by the relay, or by the compensation job if the service dies first.
 * Every {@code OrderCreated} gets exactly one answer, {@code StockReserved} or {@code StockRejected}
 * (also one that arrives after its order's cancel), so that no order waits for ever; a duplicate
 * order event changes nothing and so sends no reply: the first one's reply is already in the outbox.
 */
@Component
class StockReplies {

    private final ReliablePublisher publisher;
    private final InventoryMessagingProperties properties;
    private final Clock clock;

    StockReplies(ReliablePublisher publisher, InventoryMessagingProperties properties, Clock clock) {
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    void reserved(OrderCreated order) {
        var reply = new StockReserved(newId(), clock.instant(), order.orderId(), order.orderVersion());
        send(InventoryEvents.RESERVED, reply.messageId(), reply, order.orderId(), order.orderVersion());
    }

    /** @param reason why, for people: it shows in order-service's log and on the order's timeline */
    void rejected(OrderCreated order, String reason) {
        var reply = new StockRejected(newId(), clock.instant(), order.orderId(), order.orderVersion(), reason);
        send(InventoryEvents.REJECTED, reply.messageId(), reply, order.orderId(), order.orderVersion());
    }

    void released(OrderCancelled cancel) {
        var reply = new StockReleased(newId(), clock.instant(), cancel.orderId(), cancel.orderVersion());
        send(InventoryEvents.RELEASED, reply.messageId(), reply, cancel.orderId(), cancel.orderVersion());
    }

    private void send(String routingKey, String messageId, Object reply, long orderId, long orderVersion) {
        publisher.send(properties.repliesExchange(), routingKey, messageId, reply,
                new Source(String.valueOf(orderId), orderVersion));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
