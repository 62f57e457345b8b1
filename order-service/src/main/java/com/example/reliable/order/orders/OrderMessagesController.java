package com.example.reliable.order.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.consuming.DeadLetter;
import com.example.reliable.consuming.DeadLetterSearch;
import com.example.reliable.order.timeline.Timeline;
import com.example.reliable.order.timeline.TimelineEntry;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStore;

/**
 * order-service's answer to "where is my order?", {@code GET /admin/orders/{orderId}/messages}: the
 * order's status; the operations order-service applied from messages (the stock answer that decided
 * the order, from {@code stock_answers} in its database, with the time it was recorded; and every event
 * on the order's timeline, in Redis, with the time the event happened where it came from), each with
 * the message that brought it; the order's events still waiting to be sent (SENDING or
 * FAILED); and the dead letters that name the order. Read-only; {@code /admin/**} needs the operator.
 * The console puts this beside logistics' and inventory's answers.
 */
@RestController
@Tag(name = "Operator: where is my order", description = "What this service did with an order's messages (HTTP basic, role OPERATOR)")
class OrderMessagesController {

    /** How many records of each status the search looks through for the order's. */
    static final int SCAN_LIMIT = 1000;

    /** How many timeline entries are shown: a timeline holds at most {@code order.timeline.max-entries}. */
    static final int TIMELINE_ENTRIES = 200;

    private final OrderRepository orders;
    private final StockAnswerRepository answers;
    private final Timeline timeline;
    private final MessageStore store;
    private final DeadLetterSearch deadLetters;

    OrderMessagesController(OrderRepository orders, StockAnswerRepository answers, Timeline timeline, MessageStore store,
            DeadLetterSearch deadLetters) {
        this.orders = orders;
        this.answers = answers;
        this.timeline = timeline;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/admin/orders/{orderId}/messages")
    @Operation(summary = "The order's status, the operations applied to it here, its events still to send, and its dead letters")
    OrderMessages find(@PathVariable long orderId) {
        Order order = orders.findById(orderId).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId));
        List<AppliedOperation> applied = new ArrayList<>();
        answers.findById(orderId).ifPresent(answer -> applied.add(new AppliedOperation(answer.getOperation(),
                answer.getMessageId(), answer.getReceivedAt(), "stock answer recorded: the order decided")));
        for (TimelineEntry entry : timeline.of(orderId, 0, TIMELINE_ENTRIES).entries()) {
            applied.add(new AppliedOperation(entry.operation(), entry.messageId(), entry.at(),
                    "timeline: " + entry.event()));
        }
        applied.sort(Comparator.comparing(AppliedOperation::appliedAt));
        String id = String.valueOf(orderId);
        return new OrderMessages("order-service", orderId, order.getStatus().name(), applied,
                store.findBySource(id, SCAN_LIMIT), deadLetters.naming(id));
    }

    /** One operation this service applied: its fingerprint, the message that brought it, when, and what it did. */
    record AppliedOperation(String operation, String messageId, Instant appliedAt, String effect) {
    }

    /** What this service did with one order's messages. */
    record OrderMessages(String service, long orderId, String status, List<AppliedOperation> applied,
            List<MessageRecord> waiting, List<DeadLetter> deadLetters) {
    }
}
