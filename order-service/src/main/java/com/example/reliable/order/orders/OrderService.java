package com.example.reliable.order.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;


/**
 * Places and cancels orders, and rejects them for inventory ({@link StockReplyService}). Each change's
 * message record is stored first, then the change is made
 * in its own transaction, then the message is published (see
 * {@link com.example.reliable.publishing.ReliablePublisher#storeThenCommit}). For that the change's
 * id and version are fixed beforehand: a new order gets its id from {@link OrderIds} and is saved at
 * version 0; a cancel commits at the version read + 1 or not at all.
 * <p>
 * When the change does not commit (a duplicate Idempotency-Key, a concurrent cancel, the database
 * away), its record is discarded at once; if the service dies in between, the compensation job's
 * check-back ({@link OrderCheckBack}) finds no order at that version and discards it after
 * {@code reliable.publishing.transaction-timeout}. No event is sent for a change that never happened.
 */
@Service
class OrderService {

    /** Tries of a cancel whose order changes under it (inventory's reply can change it once). */
    static final int CANCEL_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final OrderRepository orders;
    private final OrderIds ids;
    private final OrderEventPublisher events;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderIds ids, OrderEventPublisher events, Clock clock) {
        this.orders = orders;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
    }

    /** A placed order, and whether it was placed by an earlier request with the same Idempotency-Key. */
    record Placed(Order order, boolean replayed) {
    }

    /** Not {@code @Transactional}: the message is stored before the order's transaction begins. */
    Placed place(PlaceOrderRequest request, String idempotencyKey) {
        Optional<Placed> earlier = replay(request, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        var lines = request.lines().stream().map(line -> new Line(line.productId(), line.quantity())).toList();
        var address = request.shippingAddress();
        var order = new Order(ids.next(), request.customerId(), lines,
                new Address(address.street(), address.city(), address.postalCode(), address.country()),
                clock.instant(), idempotencyKey, idempotencyKey == null ? null : hash(request));
        // Flushed inside the transaction: a duplicate Idempotency-Key fails here, the transaction rolls
        // back and the stored message is discarded (the controller then answers with the first order).
        events.created(order, () -> orders.saveAndFlush(order));
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

    /**
     * Cancels an order; cancelling it again changes nothing and sends nothing. Not
     * {@code @Transactional}, like {@link #place}.
     * <p>
     * The cancel commits at exactly the version read + 1. When another change commits first, the
     * order is read again: if that change was a cancel or inventory's rejection, the order is
     * cancelled already and is the answer; if it was anything else (inventory's confirmation), the
     * cancel is tried again at the new version — a 200 always means the order is cancelled. An order
     * that keeps changing under the cancel is a 409 after {@value #CANCEL_ATTEMPTS} tries.
     */
    Order cancel(long id) {
        for (int attempt = 1;; attempt++) {
            Order read = find(id);
            if (read.getStatus() == OrderStatus.CANCELLED || read.getStatus() == OrderStatus.REJECTED) {
                return read;
            }
            Optional<Order> cancelled = cancelAt(read, Order::cancel);
            if (cancelled.isPresent()) {
                return cancelled.get();
            }
            if (attempt == CANCEL_ATTEMPTS) {
                throw new OrderChangedMeanwhileException(id, CANCEL_ATTEMPTS);
            }
            log.info("Order {} changed while it was being cancelled (version {} read); trying again", id,
                    read.getVersion());
        }
    }

    /**
     * Inventory could not take the order's stock: commits PLACED → REJECTED at exactly the version
     * read + 1, its {@code OrderCancelled} stored first, as a cancel is (so logistics cancels the
     * shipment, and inventory sees the cancel of an order that holds nothing), and runs
     * {@code alongside} in the same transaction (the answer is recorded with it, or neither commits).
     * Not {@code @Transactional}, like {@link #cancel}.
     *
     * @param read the order as read, PLACED
     * @return the rejected order, or empty if the order changed meanwhile: nothing committed, and the
     *     stored event was discarded
     */
    Optional<Order> reject(Order read, Runnable alongside) {
        return cancelAt(read, order -> {
            if (!order.reject()) {
                return false;
            }
            alongside.run();
            return true;
        });
    }

    /**
     * Commits a change that ends in the order's cancellation — the customer's cancel or inventory's
     * rejection — at exactly the version read + 1, its {@code OrderCancelled} stored first (see
     * {@link OrderEventPublisher#cancelled}).
     *
     * @return the changed order, or empty if the order changed meanwhile: then nothing committed and
     *     the stored event was discarded
     */
    private Optional<Order> cancelAt(Order read, Predicate<Order> change) {
        try {
            return Optional.of(events.cancelled(read, () -> {
                Order order = orders.findById(read.getId()).orElseThrow(() -> new OrderNotFoundException(read.getId()));
                // The event says "cancelled at the version read + 1": only that change may commit.
                if (order.getVersion() != read.getVersion() || !change.test(order)) {
                    throw new ChangedMeanwhile();
                }
                return orders.saveAndFlush(order); // bumps the version to the event's
            }));
        }
        catch (ChangedMeanwhile | ObjectOptimisticLockingFailureException concurrent) {
            return Optional.empty();
        }
    }

    /** The order changed between the read and the cancel's transaction: this cancel commits nothing. */
    private static final class ChangedMeanwhile extends RuntimeException {

        ChangedMeanwhile() {
            super(null, null, false, false);
        }
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
