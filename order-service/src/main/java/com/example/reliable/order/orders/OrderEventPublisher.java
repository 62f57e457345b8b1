package com.example.reliable.order.orders;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.publishing.ReliablePublisher;
import com.example.reliable.publishing.Source;

/**
 * Turns an order change into its event and has the {@link ReliablePublisher} store it
 * <em>before</em> the change's transaction begins ({@link ReliablePublisher#storeThenCommit}): the
 * order id and the version the change will commit are known in advance, so Redis is written
 * without a database connection held. The message id is made here, once: every resend carries
 * the same one. The fingerprint needs no making: it is the order, the operation and the version
 * ({@code order-42-created-v0}), derived by the event itself.
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

    /**
     * Stores the {@link OrderCreated} of a new order, then runs {@code insert} in a transaction.
     *
     * @param order an order not saved yet, with its id and {@link Order#FIRST_VERSION}
     */
    <T> T created(Order order, Supplier<T> insert) {
        Address address = order.getShippingAddress();
        var event = new OrderCreated(newId(), clock.instant(), order.getId(), Order.FIRST_VERSION, lines(order),
                new ShippingAddress(address.street(), address.city(), address.postalCode(), address.country()));
        return publisher.storeThenCommit(properties.exchange(), OrderEvents.CREATED, event.messageId(), event,
                source(order.getId(), Order.FIRST_VERSION), insert);
    }

    /**
     * Stores the {@link OrderCancelled} of an order, then runs {@code cancel} in a transaction.
     *
     * @param order the order as read before, still PLACED
     * @param cancel must commit the cancellation at exactly {@code order}'s version + 1, or fail
     */
    <T> T cancelled(Order order, Supplier<T> cancel) {
        long cancelledVersion = order.getVersion() + 1;
        var event = new OrderCancelled(newId(), clock.instant(), order.getId(), cancelledVersion, lines(order));
        return publisher.storeThenCommit(properties.exchange(), OrderEvents.CANCELLED, event.messageId(), event,
                source(order.getId(), cancelledVersion), cancel);
    }

    private static List<OrderLine> lines(Order order) {
        return order.getLines().stream().map(line -> new OrderLine(line.productId(), line.quantity())).toList();
    }

    private static Source source(long orderId, long version) {
        return new Source(String.valueOf(orderId), version);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
