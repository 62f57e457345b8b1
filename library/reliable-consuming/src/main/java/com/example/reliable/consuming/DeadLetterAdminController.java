package com.example.reliable.consuming;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.AmqpException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.audit.ActionStoppedHalfWay;
import com.example.reliable.audit.OperatorAudit;

/**
 * The operator's view of this service's dead-letter queues, under {@code /admin/dead-letters}: read
 * what waits there and why, replay a message to the queue it died in once its cause is fixed (one,
 * or the first {@code limit} of a queue), or discard one. Safe to replay: every consumer is
 * idempotent. Every action, done, stopped half-way or refused, is one entry of the service's audit
 * trail ({@link OperatorAudit}) with who did it and each message it touched, written once the broker
 * has answered; what it touched is counted as
 * {@code consumer.dead-letters.operator{action=replay|discard}}. The service secures
 * {@code /admin/**} (here, the operator-security module does, the same in every service: HTTP basic,
 * role OPERATOR).
 */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "Operator: dead letters", description = "Messages this service could not apply (HTTP basic, role OPERATOR)")
class DeadLetterAdminController {

    private final DeadLetterQueues deadLetters;
    private final Counter replayed;
    private final Counter discarded;
    private final int maxLimit;
    private final OperatorAudit audit;

    DeadLetterAdminController(DeadLetterQueues deadLetters, MeterRegistry meters, int maxLimit, OperatorAudit audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.replayed = operatorCounter("replay", meters);
        this.discarded = operatorCounter("discard", meters);
        this.maxLimit = maxLimit;
    }

    private static Counter operatorCounter(String action, MeterRegistry meters) {
        return Counter.builder("consumer.dead-letters.operator").tag("action", action).register(meters);
    }

    /** Each dead-letter queue of this service with its depth and its first {@code limit} messages. */
    @GetMapping
    @Operation(summary = "Each dead-letter queue with its depth and its first messages: why each died, since when, its body")
    List<QueueView> list(@RequestParam(required = false) String queue, @RequestParam(defaultValue = "20") int limit) {
        checkLimit(limit);
        List<QueueView> views = new ArrayList<>();
        for (String name : queues(queue)) {
            views.add(new QueueView(name, deadLetters.depth(name), deadLetters.read(name, limit)));
        }
        return views;
    }

    @PostMapping("/{messageId}/replay")
    @Operation(summary = "Put this message back into the queue it died in, confirmed by the broker, then remove it here")
    Actioned replay(@PathVariable String messageId, Principal operator) {
        return audit.actOutsideTheDatabase(operator, "dead-letter.replay", messageId, null,
                () -> answer("replay", deadLetters.replay(messageId), messageId), Actioned::describe);
    }

    /** The first {@code limit} messages of {@code queue} (of every dead-letter queue, if none is named). */
    @PostMapping("/replay")
    @Operation(summary = "Replay the first limit messages of a dead-letter queue (of all of them, if none is named)")
    Actioned replayFirst(@RequestParam(required = false) String queue, @RequestParam int limit, Principal operator) {
        String target = "first " + limit + " of " + (queue == null ? "every dead-letter queue" : queue);
        return audit.actOutsideTheDatabase(operator, "dead-letter.replay-first", target, null, () -> {
            checkLimit(limit);
            if (queue != null) {
                queues(queue);
            }
            return answer("replay", deadLetters.replayFirst(queue, limit), null);
        }, Actioned::describe);
    }

    @DeleteMapping("/{messageId}")
    @Operation(summary = "Remove this message from the dead-letter queue without delivering it")
    ResponseEntity<Void> discard(@PathVariable String messageId, Principal operator) {
        audit.actOutsideTheDatabase(operator, "dead-letter.discard", messageId, null,
                () -> answer("discard", deadLetters.discard(messageId), messageId), Actioned::describe);
        return ResponseEntity.noContent().build();
    }

    /** The broker cannot be reached or refused the request: the dead letters are as they were. */
    @ExceptionHandler(AmqpException.class)
    ResponseEntity<ProblemDetail> brokerFailed(AmqpException ex) {
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The broker could not be asked; the dead letters are as they were: " + ex.getMessage())).build();
    }

    /**
     * Counts what was done, even when the action stopped early: then the answer is 409 with the reason
     * (the message the broker did not take, and all after it, stay in place), and the audit entry is
     * PARTLY_DONE with the messages done before it, if there were any.
     */
    private Actioned answer(String action, DeadLetterQueues.Outcome outcome, String messageId) {
        List<DeadLetter> messages = outcome.done();
        (action.equals("replay") ? replayed : discarded).increment(messages.size());
        Actioned actioned = new Actioned(action, messages.size(), messages);
        if (outcome.stoppedBecause() != null) {
            if (messages.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, outcome.stoppedBecause());
            }
            throw new ActionStoppedHalfWay(outcome.stoppedBecause() + " (" + messages.size() + " replayed before it)",
                    actioned.describe());
        }
        if (messageId != null && messages.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + messageId
                    + " among the first messages of this service's dead-letter queues");
        }
        return actioned;
    }

    private List<String> queues(String queue) {
        List<String> names = deadLetters.names();
        if (queue == null) {
            return names;
        }
        if (!names.contains(queue)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead-letter queue " + queue
                    + " here; this service's are " + names);
        }
        return List.of(queue);
    }

    private void checkLimit(int limit) {
        if (limit < 1 || limit > maxLimit) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + maxLimit);
        }
    }

    /** One dead-letter queue: how many wait there, and the first of them. */
    record QueueView(String queue, long depth, List<DeadLetter> messages) {
    }

    /** What an action did, message by message. */
    record Actioned(String action, int count, List<DeadLetter> messages) {

        /** For the audit entry: each message with what it was and where it died. */
        String describe() {
            StringBuilder text = new StringBuilder(action.equals("replay") ? "replayed " : "discarded ").append(count);
            for (DeadLetter message : messages) {
                text.append("; ").append(message.messageId()).append(" (").append(message.type()).append(' ')
                        .append(message.sourceId()).append(", ")
                        .append(message.reason() == null ? "no x-death" : message.reason()).append(", from ")
                        .append(message.deadLetterQueue()).append(action.equals("replay") ? " to " + message.queue() : "")
                        .append(')');
            }
            return text.toString();
        }
    }
}
