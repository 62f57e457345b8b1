package com.example.reliable.publishing;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed publish into the record's next state: due again after a backoff, or FAILED once
 * {@code maxAttempts} attempts have failed (counted as {@code publishing.messages.failed}). A
 * confirmed publish needs no decision: the outcome writer removes its record.
 */
class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final MessageStore store;
    private final Backoff backoff;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final int maxAttempts;

    DeliveryAttempts(MessageStore store, Backoff backoff, PublishingMetrics metrics, Clock clock, int maxAttempts) {
        this.store = store;
        this.backoff = backoff;
        this.metrics = metrics;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /**
     * @param counts whether this failure counts towards the cap: a nack, a return or a missing
     *     confirm does; a broker that could not be reached at all does not
     */
    void failed(AttemptCorrelation attempt, String reason, boolean counts) {
        int failedAttempts = attempt.attemptsBefore() + (counts ? 1 : 0);
        var retryAt = clock.instant().plus(backoff.delayAfter(Math.max(1, failedAttempts)));
        var outcome = store.failedAttempt(attempt.messageId(), attempt.attemptsBefore(), reason, counts, retryAt,
                maxAttempts);
        switch (outcome) {
            case RETRY -> log.warn("Message {} not delivered ({}), {}; next try at {}", attempt.messageId(), reason,
                    counts ? "attempt " + failedAttempts + " of " + maxAttempts
                            : "not an attempt (" + failedAttempts + " of " + maxAttempts + " used so far)",
                    retryAt);
            case FAILED -> {
                metrics.becameFailed();
                log.error("Message {} FAILED after {} attempts ({}); waiting for an operator", attempt.messageId(),
                        maxAttempts, reason);
            }
            case IGNORED -> log.debug("Late report on message {} ignored: {}", attempt.getId(), reason);
        }
    }
}
