package com.example.reliable.publishing.admin;

import java.security.Principal;
import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.audit.OperatorAudit;
import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.PublishingMetrics;
import com.example.reliable.publishing.Source;

/**
 * The operator's view of stored messages, under {@code /admin/messages}: list them by status,
 * retry a FAILED one (back to SENDING, attempts reset), discard one (a SENDING one whose change is
 * committed only when forced, with a reason). Every action, done or refused, is one entry of the
 * service's audit trail ({@link OperatorAudit}): with the JDBC store, the record's change and its entry
 * commit in one transaction; with the Redis store, the entry is written once the change is made. A
 * discard is counted as {@code publishing.discards{by=operator}}. The service secures {@code /admin/**}.
 */
@RestController
@RequestMapping("/admin/messages")
@Tag(name = "Operator: stored messages", description = "Messages not yet confirmed by the broker (HTTP basic, role OPERATOR)")
class MessageAdminController {

    private final MessageStore store;
    private final CheckBack checkBack;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final OperatorAudit audit;

    MessageAdminController(MessageStore store, CheckBack checkBack, PublishingMetrics metrics, Clock clock,
            OperatorAudit audit) {
        this.store = store;
        this.checkBack = checkBack;
        this.metrics = metrics;
        this.clock = clock;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "One page of stored messages with this status, oldest first")
    MessagePage list(@RequestParam(defaultValue = "FAILED") MessageStatus status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be >= 0 and size between 1 and 200");
        }
        return new MessagePage(status, page, size, store.count(status), store.list(status, page, size));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Put a FAILED message back to SENDING, attempts reset: it is sent again at once")
    ResponseEntity<Void> retry(@PathVariable String id, Principal operator) {
        audit.act(operator, "message.retry", id, null, () -> {
            if (!store.retry(id, clock.instant())) {
                throw store.find(id).isPresent()
                        ? new ResponseStatusException(HttpStatus.CONFLICT, "Message " + id + " is not FAILED")
                        : notFound(id);
            }
            return "FAILED to SENDING, attempts reset: sent again at once";
        });
        return ResponseEntity.noContent().build();
    }

    /**
     * Removes a record. A SENDING record whose change is committed is still on its way: discarding
     * it means its event is never delivered, so that takes {@code force=true} and a {@code reason},
     * both logged with who did it.
     */
    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a stored message without sending it; a SENDING message of a committed change "
            + "only with force=true and a reason")
    ResponseEntity<Void> discard(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force,
            @RequestParam(required = false) String reason, Principal operator) {
        audit.act(operator, force ? "message.discard-forced" : "message.discard", id, reason, () -> {
            MessageRecord record = store.find(id).orElseThrow(() -> notFound(id));
            if (force && (reason == null || reason.isBlank())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A forced discard needs a reason");
            }
            Source source = record.message().source();
            if (!force && record.status() == MessageStatus.SENDING
                    && checkBack.committed(List.of(source)).contains(source)) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "Message " + id + " reports a committed change "
                        + "and is still being delivered; discarded, it would never be. To discard it anyway, add "
                        + "force=true and a reason.");
            }
            if (!store.discard(id)) {
                throw notFound(id);
            }
            return "discarded " + record.status() + " " + record.message().type() + " of " + source.id() + " v" + source.version()
                    + " after " + record.attempts() + " attempts";
        });
        metrics.discardedByOperator();
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No stored message " + id);
    }

    /** One page of stored messages. */
    record MessagePage(MessageStatus status, int page, int size, long total, List<MessageRecord> items) {
    }
}
