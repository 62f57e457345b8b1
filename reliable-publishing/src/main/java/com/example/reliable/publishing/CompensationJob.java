package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Resends what the broker has not confirmed. Every {@code jobInterval} it claims the SENDING
 * records that are due (atomically, so two instances never take the same record in the same round)
 * and checks each one back with the service before doing anything:
 * <ul>
 * <li>the change was committed → resend (the same id and bytes as before);</li>
 * <li>not committed, and older than {@code transactionTimeout} → its transaction rolled back or
 * its service died before the commit: the record is discarded and logged;</li>
 * <li>not committed yet → left alone until its claim runs out.</li>
 * </ul>
 * Resends and discards are counted ({@code publishing.resends}, {@code publishing.discards{by=job}});
 * each record is handled with its ids in the logging MDC.
 */
public class CompensationJob {

    private static final Logger log = LoggerFactory.getLogger(CompensationJob.class);

    private final MessageStore store;
    private final CheckBack checkBack;
    private final MessageSender sender;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final ReliablePublishingProperties properties;

    CompensationJob(MessageStore store, CheckBack checkBack, MessageSender sender, PublishingMetrics metrics,
            Clock clock, ReliablePublishingProperties properties) {
        this.store = store;
        this.checkBack = checkBack;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * One round; the first one interval after start-up, not during it. Public so that tests and
     * operators' tools can run a round on demand.
     */
    @Scheduled(fixedDelayString = "${reliable.publishing.job-interval:2s}",
            initialDelayString = "${reliable.publishing.job-interval:2s}")
    public Round run() {
        Instant now = clock.instant();
        var claimed = store.claimDue(now, now.plus(properties.resendAfter()), properties.batchSize());
        int resent = 0;
        int discarded = 0;
        for (MessageRecord record : claimed) {
            try (var context = MessageLogContext.of(record)) {
                if (checkBack.committed(record.message().source())) {
                    log.info("Resending message {} ({} failed attempts so far)", record.id(), record.attempts());
                    sender.send(record);
                    metrics.resent();
                    resent++;
                }
                else if (record.message().createdAt().plus(properties.transactionTimeout()).isBefore(now)) {
                    store.discard(record.id());
                    metrics.discardedByJob();
                    log.warn("Discarded message {}: {} {} was never committed (rolled back, or its service died "
                            + "before the commit)", record.id(), record.message().type(), record.message().source());
                    discarded++;
                }
            }
            catch (RuntimeException ex) {
                // The check-back could not be answered (database down?): the claim runs out and the
                // record is due again; the other records of this round go on.
                log.warn("Could not check back message {}: {}", record.id(), ex.toString());
            }
        }
        return new Round(claimed.size(), resent, discarded);
    }

    /** What one round did. */
    public record Round(int claimed, int resent, int discarded) {
    }
}
