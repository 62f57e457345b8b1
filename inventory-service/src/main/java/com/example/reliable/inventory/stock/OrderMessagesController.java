package com.example.reliable.inventory.stock;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.DeadLetter;
import com.example.reliable.consuming.DeadLetterSearch;
import com.example.reliable.inventory.idempotency.IdempotencyCheck;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStore;

/**
 * inventory's answer to "where is my order?", {@code GET /admin/orders/{orderId}/messages}: the
 * operations it applied to the order (from their {@code t_check} rows: the message and the time,
 * within {@code inventory.idempotency.retention}), the order's reservation as it stands, the stock
 * replies it stored that still wait to be sent (SENDING or FAILED), and the dead letters that name
 * the order. Read-only; {@code /admin/**} needs the operator (operator-security). The console shows
 * the three services' answers side by side.
 */
@RestController
@Tag(name = "Operator: where is my order", description = "What this service did with an order's messages (HTTP basic, role OPERATOR)")
class OrderMessagesController {

    /** How many records of each status the search looks through for the order's. */
    static final int SCAN_LIMIT = 1000;

    private final IdempotencyCheck operations;
    private final Reservations reservations;
    private final MessageStore store;
    private final DeadLetterSearch deadLetters;

    OrderMessagesController(IdempotencyCheck operations, Reservations reservations, MessageStore store,
            DeadLetterSearch deadLetters) {
        this.operations = operations;
        this.reservations = reservations;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/admin/orders/{orderId}/messages")
    @Operation(summary = "The operations applied to this order here, its reservation, its records still to send, and its dead letters")
    OrderMessages find(@PathVariable long orderId) {
        String id = String.valueOf(orderId);
        List<AppliedOperation> applied = operations.appliedStartingWith(OrderEvents.fingerprintPrefix(orderId)).stream()
                .map(row -> new AppliedOperation(row.fingerprint(), row.messageId(), row.at(), effect(row.fingerprint())))
                .toList();
        return new OrderMessages("inventory-service", orderId, applied,
                reservations.find(orderId).map(reservation -> reservation.status().name()).orElse(null),
                store.findBySource(id, SCAN_LIMIT), deadLetters.naming(id));
    }

    private static String effect(String fingerprint) {
        if (fingerprint.contains("-" + OrderCreated.OPERATION + "-")) {
            return "stock taken or refused for the order's lines";
        }
        if (fingerprint.contains("-" + OrderCancelled.OPERATION + "-")) {
            return "cancel applied: the order's stock given back";
        }
        return "applied";
    }

    /** One operation this service applied: its fingerprint, the message that brought it, when, and what it did. */
    record AppliedOperation(String operation, String messageId, Instant appliedAt, String effect) {
    }

    /** What this service did with one order's messages. */
    record OrderMessages(String service, long orderId, List<AppliedOperation> applied, String reservation,
            List<MessageRecord> waiting, List<DeadLetter> deadLetters) {
    }
}
