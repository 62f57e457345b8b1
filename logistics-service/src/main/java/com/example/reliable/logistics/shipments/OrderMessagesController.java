package com.example.reliable.logistics.shipments;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.consuming.DeadLetter;
import com.example.reliable.consuming.DeadLetterSearch;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStore;

/**
 * logistics' answer to "where is my order?", {@code GET /admin/orders/{orderId}/messages}: the
 * operations it applied to the order's shipment (with the message and the time), the shipment events
 * it stored that still wait to be sent (SENDING or FAILED), and the dead letters that name the order.
 * Read-only; {@code /admin/**} needs the operator (operator-security). The console shows the three
 * services' answers side by side.
 */
@RestController
@Tag(name = "Operator: where is my order", description = "What this service did with an order's messages (HTTP basic, role OPERATOR)")
class OrderMessagesController {

    /** How many records of each status the search looks through for the order's. */
    static final int SCAN_LIMIT = 1000;

    private final ShipmentOperations operations;
    private final MessageStore store;
    private final DeadLetterSearch deadLetters;

    OrderMessagesController(ShipmentOperations operations, MessageStore store, DeadLetterSearch deadLetters) {
        this.operations = operations;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/admin/orders/{orderId}/messages")
    @Operation(summary = "The operations applied to this order here, its records still to send, and its dead letters")
    OrderMessages find(@PathVariable long orderId) {
        String id = String.valueOf(orderId);
        return new OrderMessages("logistics-service", orderId, operations.of(orderId), store.findBySource(id, SCAN_LIMIT),
                deadLetters.naming(id));
    }

    /** What this service did with one order's messages. */
    record OrderMessages(String service, long orderId, List<AppliedOperation> applied, List<MessageRecord> waiting,
            List<DeadLetter> deadLetters) {
    }
}
