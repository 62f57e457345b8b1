package com.example.reliable.logistics.shipments;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.example.reliable.consuming.ConflictCounter;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;

/**
 * Applies order events to shipments, each exactly once. The rule: an event applies only when its
 * order version is newer than the shipment's; a duplicate or an older event is skipped (and acked).
 * An event at the shipment's own version with other data than the one applied (same fingerprint,
 * other digest) is refused to the dead-letter queue and counted ({@code consumer.conflicts.refused}).
 * Each call is one transaction, or joins its batch's (see {@code OrderEventsListener}), which also
 * writes the {@link ShipmentEventPublisher shipment event} for what changed into the outbox; the
 * listener acks after it commits.
 * <p>
 * Races between two copies of one event end in one effect: for a create, the unique order id lets
 * one insert win; for a cancel, the optimistic lock lets one update win. The loser's failure is
 * retried (see {@code TransientFailureRetry}) and then sees the winner's row: a duplicate.
 * <p>
 * A cancel that arrives before its create makes a CANCELLED shipment at the cancel's version; the
 * create, older, is then skipped. Nothing is shipped for an order that was cancelled.
 */
@Service
class ShipmentService {

    private static final Logger log = LoggerFactory.getLogger(ShipmentService.class);

    private final ShipmentRepository shipments;
    private final ShipmentEventPublisher events;
    private final ShipmentOperations operations;
    private final DuplicateCounter duplicates;
    private final ConflictCounter conflicts;
    private final Clock clock;

    ShipmentService(ShipmentRepository shipments, ShipmentEventPublisher events, ShipmentOperations operations,
            DuplicateCounter duplicates, ConflictCounter conflicts, Clock clock) {
        this.shipments = shipments;
        this.events = events;
        this.operations = operations;
        this.duplicates = duplicates;
        this.conflicts = conflicts;
        this.clock = clock;
    }

    @Transactional
    Outcome apply(OrderCreated event) {
        var existing = shipments.findByOrderId(event.orderId());
        if (existing.isPresent()) {
            refuseIfConflicting(existing.get(), event.orderVersion(), event.digest(), event.fingerprint(),
                    event.messageId());
            return skipped(event.messageId(), event.orderId(), event.orderVersion());
        }
        // Flushed now, so that a concurrent copy's insert fails here, inside this transaction.
        shipments.saveAndFlush(Shipment.created(event, clock.instant()));
        events.created(event.orderId(), event.orderVersion());
        operations.applied(event.orderId(), event.fingerprint(), event.messageId(), "CREATED", clock.instant());
        log.info("Shipment for order {} created (order version {}, message {})", event.orderId(),
                event.orderVersion(), event.messageId());
        return Outcome.APPLIED;
    }

    @Transactional
    Outcome apply(OrderCancelled event) {
        var existing = shipments.findByOrderId(event.orderId());
        if (existing.isEmpty()) {
            shipments.saveAndFlush(Shipment.cancelledBeforeCreated(event, clock.instant()));
            events.cancelled(event.orderId(), event.orderVersion());
            operations.applied(event.orderId(), event.fingerprint(), event.messageId(), "CANCELLED_BEFORE_CREATED",
                    clock.instant());
            log.info("Order {} cancelled before its creation arrived: shipment recorded as CANCELLED", event.orderId());
            return Outcome.APPLIED;
        }
        Shipment shipment = existing.get();
        if (!shipment.isNewer(event.orderVersion())) {
            refuseIfConflicting(shipment, event.orderVersion(), event.digest(), event.fingerprint(), event.messageId());
            return skipped(event.messageId(), event.orderId(), event.orderVersion());
        }
        shipment.cancel(event, clock.instant());
        shipments.saveAndFlush(shipment); // the version check happens here
        events.cancelled(event.orderId(), event.orderVersion());
        operations.applied(event.orderId(), event.fingerprint(), event.messageId(), "CANCELLED", clock.instant());
        log.info("Shipment for order {} cancelled (order version {}, message {})", event.orderId(),
                event.orderVersion(), event.messageId());
        return Outcome.APPLIED;
    }

    /**
     * An event at the shipment's own order version is the operation that set it: the same data is a
     * duplicate; other data is refused (thrown: dead-lettered and counted). An older event cannot be
     * compared, the shipment keeps only the latest operation's digest: it is skipped as before.
     */
    private void refuseIfConflicting(Shipment shipment, long orderVersion, String digest, String fingerprint,
            String messageId) {
        if (shipment.conflictsWith(orderVersion, digest)) {
            throw conflicts.refuse("operation " + fingerprint + " was applied before with other data; message "
                    + messageId + " is refused");
        }
    }

    private Outcome skipped(String messageId, long orderId, long orderVersion) {
        duplicates.increment();
        log.info("Skipped message {}: order {} version {} is already applied (duplicate or older)", messageId, orderId,
                orderVersion);
        return Outcome.DUPLICATE;
    }

    /** What applying an event did. */
    enum Outcome {
        APPLIED, DUPLICATE
    }
}
