package com.example.reliable.order.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and cancels orders. Each change and its event's message record are made in one
 * transaction: the record is stored before the commit and published after it (see
 * {@link com.example.reliable.publishing.ReliablePublisher}).
 */
@Service
class OrderService {

    private final OrderRepository orders;
    private final OrderEventPublisher events;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderEventPublisher events, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** A placed order, and whether it was placed by an earlier request with the same Idempotency-Key. */
    record Placed(Order order, boolean replayed) {
    }

    @Transactional
    Placed place(PlaceOrderRequest request, String idempotencyKey) {
        Optional<Placed> earlier = replay(request, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        var lines = request.lines().stream().map(line -> new Line(line.productId(), line.quantity())).toList();
        var address = request.shippingAddress();
        var order = new Order(request.customerId(), lines,
                new Address(address.street(), address.city(), address.postalCode(), address.country()),
                clock.instant(), idempotencyKey, idempotencyKey == null ? null : hash(request));
        // Flushed first: the event needs the order's id and version, and a duplicate
        // Idempotency-Key fails here, before any message is stored.
        orders.saveAndFlush(order);
        events.created(order);
        return new Placed(order, false);
    }

    /** The order an earlier request with this Idempotency-Key placed, if any. */
    @Transactional(readOnly = true)
    Optional<Placed> replay(PlaceOrderRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return orders.findByIdempotencyKey(idempotencyKey).map(order -> {
            if (!order.getRequestHash().equals(hash(request))) {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            return new Placed(order, true);
        });
    }

    @Transactional(readOnly = true)
    Order find(long id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** Cancels an order; cancelling it again changes nothing and sends nothing. */
    @Transactional
    Order cancel(long id) {
        Order order = find(id);
        if (order.cancel()) {
            orders.saveAndFlush(order); // bumps the version the event carries
            events.cancelled(order);
        }
        return order;
    }

    private static String hash(PlaceOrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
