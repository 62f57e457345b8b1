package com.example.reliable.inventory.stock;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.example.reliable.consuming.AfterCommit;
import com.example.reliable.consuming.ConflictCounter;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderLine;
import com.example.reliable.inventory.idempotency.IdempotencyCheck;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies order events to the stock, each order operation exactly once. Each call is one
 * transaction, or joins its batch's (see {@code OrderEventsListener}); the listener acks the message
 * after it commits. Inside it, in this order:
 * <ol>
 * <li>the operation is marked in {@code t_check} (one row per product, with the event's
 * fingerprint and digest). If it was marked before with the same data, this delivery is a
 * duplicate: nothing changes, it is counted and acked; with other data, it is refused to the
 * dead-letter queue and counted ({@code consumer.conflicts.refused});</li>
 * <li>the order's {@link ReservationStatus} decides what the event may still do;</li>
 * <li>the stock changes, the reservation records the outcome, and the reply to order-service
 * ({@link StockReplies}) is written to the outbox.</li>
 * </ol>
 * Should anything fail after step 1, the whole transaction rolls back, the {@code t_check} rows and
 * the reply with it, and the redelivered message starts afresh.
 * <p>
 * <b>A create takes all or nothing.</b> If a line cannot be covered (too few units, unknown
 * product), no stock changes and the reservation is REJECTED.
 * <p>
 * <b>A cancel may overtake its create</b> (each is resent on its own schedule). It then records the
 * order as CANCELLED_BEFORE_CREATE, and the create, when it comes, takes nothing — stock is never
 * held for an order that is already cancelled — and is answered {@code StockRejected} with the
 * reason, so that the order leaves PLACED even when the cancel was not order-service's (a forged one). A cancel gives stock back only from RESERVED, so the
 * stock of a REJECTED order is never "returned", and it gives back exactly the units the reservation
 * recorded, never what the cancel's event lists ({@code inventory.cancel.mismatches} counts cancels
 * whose lines differ).
 */
@Service
class ReservationService {

    private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

    /** The answer to a create that arrives after its order's cancel, for people. */
    static final String CANCELLED_BEFORE_CREATE = "the order was cancelled before inventory received it: no stock "
            + "was taken";

    private final IdempotencyCheck idempotency;
    private final Reservations reservations;
    private final Stock stock;
    private final DuplicateCounter duplicates;
    private final ConflictCounter conflicts;
    private final StockReplies replies;
    private final Counter cancelMismatches;

    ReservationService(IdempotencyCheck idempotency, Reservations reservations, Stock stock,
            DuplicateCounter duplicates, ConflictCounter conflicts, StockReplies replies, MeterRegistry meters) {
        this.idempotency = idempotency;
        this.reservations = reservations;
        this.stock = stock;
        this.duplicates = duplicates;
        this.conflicts = conflicts;
        this.replies = replies;
        this.cancelMismatches = Counter.builder("inventory.cancel.mismatches")
                .description("Cancels whose lines differ from what the order's reservation took").register(meters);
    }

    @Transactional
    void apply(OrderCreated event) {
        SortedMap<String, Integer> quantities = byProduct(event.lines());
        // First, before any change: the t_check rows commit together with the change below, or not at all.
        if (!firstTime(idempotency.markApplied(quantities.keySet(), event.fingerprint(), event.digest(), event.messageId()),
                event.messageId(), event.orderId(), event.fingerprint())) {
            return;
        }
        Optional<Reservation> existing = reservations.find(event.orderId());
        if (existing.isPresent()) {
            if (existing.get().status() == ReservationStatus.CANCELLED_BEFORE_CREATE) {
                // Every create is answered: order-service must not wait for ever for an order cancelled here.
                replies.rejected(event, CANCELLED_BEFORE_CREATE);
                log.info("Order {} was cancelled before its create arrived: the create takes no stock, and is answered "
                        + "StockRejected (message {})", event.orderId(), event.messageId());
            }
            else {
                // Only a create whose t_check rows were purged comes here: a redelivery later than the
                // retention. The order's reservation still stops it.
                log.warn("Order {} already has a {} reservation, but its create was not in t_check: is "
                        + "inventory.idempotency.retention shorter than the redelivery window?", event.orderId(),
                        existing.get().status());
                skipped(event.messageId(), event.orderId(), event.fingerprint());
            }
            return;
        }
        ReservationStatus outcome = stock.takeAll(quantities) ? ReservationStatus.RESERVED : ReservationStatus.REJECTED;
        // A cancel applied at the same moment may have inserted its row first: then this insert fails
        // on the primary key, everything above rolls back, and the retry sees CANCELLED_BEFORE_CREATE.
        reservations.insert(event.orderId(), outcome, event.fingerprint());
        if (outcome == ReservationStatus.RESERVED) {
            reservations.insertLines(event.orderId(), quantities);
            replies.reserved(event);
        }
        else {
            replies.rejected(event, "not every line could be covered: " + quantities);
        }
        log.info("Order {}: stock {} for {} (message {})", event.orderId(), outcome, quantities, event.messageId());
    }

    @Transactional
    void apply(OrderCancelled event) {
        SortedMap<String, Integer> quantities = byProduct(event.lines());
        // The cancel's own fingerprint: it is a different operation from the create.
        if (!firstTime(idempotency.markApplied(quantities.keySet(), event.fingerprint(), event.digest(), event.messageId()),
                event.messageId(), event.orderId(), event.fingerprint())) {
            return;
        }
        if (reservations.find(event.orderId()).isEmpty()) {
            // As with the create: if the create commits first, this insert fails on the primary key,
            // rolls back, and the retry releases the reservation instead.
            reservations.insert(event.orderId(), ReservationStatus.CANCELLED_BEFORE_CREATE, event.fingerprint());
            log.info("Order {} cancelled before its create arrived: it will take no stock (message {})",
                    event.orderId(), event.messageId());
            return;
        }
        if (reservations.transition(event.orderId(), ReservationStatus.RESERVED, ReservationStatus.RELEASED,
                event.fingerprint())) {
            // Exactly what the reservation took: the event's lines are only compared with it.
            SortedMap<String, Integer> taken = reservations.lines(event.orderId());
            if (taken.isEmpty()) {
                // Reserved before reservations recorded their lines (schema V1): the event is all there is.
                log.warn("Order {} has no recorded reservation lines (reserved before V2): giving back the cancel's "
                        + "lines {} (message {})", event.orderId(), quantities, event.messageId());
                taken = quantities;
            }
            else if (!taken.equals(quantities)) {
                AfterCommit.run(cancelMismatches::increment);
                log.warn("Order {} cancelled with lines {} but its reservation took {}: giving back what it took "
                        + "(message {})", event.orderId(), quantities, taken, event.messageId());
            }
            stock.giveBack(taken);
            replies.released(event);
            log.info("Order {} cancelled: stock released for {} (message {})", event.orderId(), taken,
                    event.messageId());
        }
        else {
            log.info("Order {} cancelled: it holds no stock, nothing to give back (message {})", event.orderId(),
                    event.messageId());
        }
    }

    /**
     * Goes on with a first-time operation, skips a duplicate, and refuses a message that reuses an
     * applied operation's fingerprint with other data (thrown: rolls back, dead-letters, counts).
     */
    private boolean firstTime(IdempotencyCheck.Mark mark, String messageId, long orderId, String fingerprint) {
        return switch (mark) {
            case FIRST -> true;
            case DUPLICATE -> {
                skipped(messageId, orderId, fingerprint);
                yield false;
            }
            case CONFLICTING -> throw conflicts.refuse("operation " + fingerprint + " was applied before with other "
                    + "data; message " + messageId + " is refused");
        };
    }

    private void skipped(String messageId, long orderId, String fingerprint) {
        duplicates.increment();
        log.info("Skipped message {}: operation {} on order {} was already applied (duplicate delivery)", messageId,
                fingerprint, orderId);
    }

    /**
     * Units per product, in product-id order; a product on two lines counts once, with both
     * quantities. Summed as {@code long}: the events' own limits (50 lines of at most 1,000 units)
     * keep the sum far below an {@code int}'s range, and should they ever not, the sum fails loudly
     * instead of wrapping around to a negative number.
     */
    private static SortedMap<String, Integer> byProduct(List<OrderLine> lines) {
        SortedMap<String, Long> sums = new TreeMap<>();
        lines.forEach(line -> sums.merge(line.productId(), (long) line.quantity(), Long::sum));
        SortedMap<String, Integer> quantities = new TreeMap<>();
        sums.forEach((productId, sum) -> quantities.put(productId, Math.toIntExact(sum)));
        return quantities;
    }
}
