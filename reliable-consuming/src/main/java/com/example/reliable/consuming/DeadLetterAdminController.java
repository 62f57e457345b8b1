package com.example.reliable.consuming;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The operator's view of this service's dead-letter queues, under {@code /admin/dead-letters}: read
 * what waits there and why, replay a message to the queue it died in once its cause is fixed (one,
 * or the first {@code limit} of a queue), or discard one. Safe to replay: every consumer is
 * idempotent. Every action is logged with who did it and what it touched, and counted as
 * {@code consumer.dead-letters.operator{action=replay|discard}}. The service secures
 * {@code /admin/**} (HTTP basic, role OPERATOR).
 */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "Operator: dead letters", description = "Messages this service could not apply (HTTP basic, role OPERATOR)")
class DeadLetterAdminController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdminController.class);

    private final DeadLetterQueues deadLetters;
    private final MeterRegistry meters;
    private final int maxLimit;

    DeadLetterAdminController(DeadLetterQueues deadLetters, MeterRegistry meters, int maxLimit) {
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.maxLimit = maxLimit;
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
        List<DeadLetter> replayed = deadLetters.replay(messageId);
        if (replayed.isEmpty()) {
            throw notFound(messageId);
        }
        return done("replay", replayed, operator);
    }

    /** The first {@code limit} messages of {@code queue} (of every dead-letter queue, if none is named). */
    @PostMapping("/replay")
    @Operation(summary = "Replay the first limit messages of a dead-letter queue (of all of them, if none is named)")
    Actioned replayFirst(@RequestParam(required = false) String queue, @RequestParam int limit, Principal operator) {
        checkLimit(limit);
        if (queue != null) {
            queues(queue);
        }
        return done("replay", deadLetters.replayFirst(queue, limit), operator);
    }

    @DeleteMapping("/{messageId}")
    @Operation(summary = "Remove this message from the dead-letter queue without delivering it")
    ResponseEntity<Void> discard(@PathVariable String messageId, Principal operator) {
        List<DeadLetter> discarded = deadLetters.discard(messageId);
        if (discarded.isEmpty()) {
            throw notFound(messageId);
        }
        done("discard", discarded, operator);
        return ResponseEntity.noContent().build();
    }

    /** A replay the broker did not take: the dead letter is still there; say why. */
    @ExceptionHandler(DeadLetterQueues.ReplayFailedException.class)
    ResponseEntity<ProblemDetail> replayFailed(DeadLetterQueues.ReplayFailedException ex) {
        log.error("{}", ex.getMessage());
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage())).build();
    }

    /** The broker cannot be reached or refused the request: the dead letters are as they were. */
    @ExceptionHandler(AmqpException.class)
    ResponseEntity<ProblemDetail> brokerFailed(AmqpException ex) {
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The broker could not be asked; the dead letters are as they were: " + ex.getMessage())).build();
    }

    private Actioned done(String action, List<DeadLetter> messages, Principal operator) {
        String who = operator == null ? "(anonymous)" : operator.getName();
        for (DeadLetter message : messages) {
            log.warn("Operator {} {} dead letter {} ({} {}, {} in {})", who,
                    action.equals("replay") ? "replayed back to its queue" : "discarded for good", message.messageId(),
                    message.type(), message.sourceId(), message.reason(), message.queue());
        }
        meters.counter("consumer.dead-letters.operator", "action", action).increment(messages.size());
        return new Actioned(action, messages.size(), messages);
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

    private static ResponseStatusException notFound(String messageId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + messageId
                + " among the first messages of this service's dead-letter queues");
    }

    /** One dead-letter queue: how many wait there, and the first of them. */
    record QueueView(String queue, long depth, List<DeadLetter> messages) {
    }

    /** What an action did, message by message. */
    record Actioned(String action, int count, List<DeadLetter> messages) {
    }
}
