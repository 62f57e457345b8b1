package com.example.reliable.publishing.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.reliable.context.MessageLogContext;
import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.ReliablePublishingProperties;
import com.example.reliable.publishing.Source;
import com.example.reliable.publishing.MessageSender;
import com.example.reliable.publishing.PublishingMetrics;

/**
 * Resends what the broker has not confirmed. One {@linkplain #run() round} claims a batch of due
 * SENDING records (atomically, so two instances never take the same record), asks the service's
 * {@link CheckBack} about the whole batch in one call, and then, record by record:
 * <ul>
 * <li>the change was committed → resend (the same id and bytes as before), the whole batch on one
 * channel and through the same {@link ConfirmWindow} as the relay: many resends in flight, none
 * waiting for its confirm;</li>
 * <li>not committed, and older than {@code transactionTimeout} → its transaction rolled back or
 * its service died before the commit: the record is discarded and logged;</li>
 * <li>not committed yet → left alone until its claim runs out.</li>
 * </ul>
 * A {@linkplain #drain() drain} runs rounds back to back while full batches are due, so a backlog
 * left by an outage goes out without pausing between batches; it sleeps ({@code job-interval}) only when
 * nothing is due. When the broker turns out to be unreachable, the rest of the batch is put back
 * with a short backoff and the drain stops until the next interval; until a channel can be had
 * again, rounds claim nothing ({@link BrokerOutage}). A drain that resent anything
 * is logged and timed ({@code publishing.backlog.drain}, {@code publishing.backlog.outage.to.empty}).
 * <p>
 * A resend is in the trace of the code that stored the record, not in one of the job's own: each
 * record's publish is made in a span that is a child of the {@code traceparent} stored with it
 * ({@link MessageTracing}), so a message resent after a broker outage shows in the order request's
 * trace, and its log lines carry that trace id.
 */
public class CompensationJob {

    private static final Logger log = LoggerFactory.getLogger(CompensationJob.class);

    private final MessageStore store;
    private final CheckBack checkBack;
    private final MessageSender sender;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final ReliablePublishingProperties properties;
    private final BrokerOutage outage;

    CompensationJob(MessageStore store, CheckBack checkBack, MessageSender sender, PublishingMetrics metrics,
            Clock clock, ReliablePublishingProperties properties) {
        this.store = store;
        this.checkBack = checkBack;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
        this.outage = new BrokerOutage(sender, clock);
    }

    /** Rounds back to back until a round finds less than a full batch due. Run every {@code job-interval}. */
    public void drain() {
        long started = System.nanoTime();
        int rounds = 0;
        long resent = 0;
        Instant oldest = null;
        Round round;
        do {
            round = run();
            rounds++;
            resent += round.resent();
            if (round.oldestResent() != null && (oldest == null || round.oldestResent().isBefore(oldest))) {
                oldest = round.oldestResent();
            }
        }
        while (round.claimed() == properties.batchSize() && !round.brokerUnreachable()
                && !Thread.currentThread().isInterrupted());
        if (resent > 0) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Duration outageToEmpty = Duration.between(oldest, clock.instant());
            metrics.backlogDrained(took, outageToEmpty);
            log.info("Resent a backlog of {} messages in {} ms ({} rounds, {}/s); nothing is due now, {} s after the "
                    + "oldest of them was stored", resent, took.toMillis(), rounds,
                    Math.round(resent / Math.max(0.001, took.toNanos() / 1e9)), outageToEmpty.toSeconds());
        }
    }

    /**
     * One round: one batch claimed, checked back and handled. Public so that tests and operators'
     * tools can run a round on demand.
     */
    public Round run() {
        if (outage.stillAway()) {
            return new Round(0, 0, 0, true, null);
        }
        Instant now = clock.instant();
        List<MessageRecord> claimed = store.claimDue(now, now.plus(properties.resendAfter()), properties.batchSize());
        if (claimed.isEmpty()) {
            return new Round(0, 0, 0, false, null);
        }
        Set<Source> committed;
        try {
            committed = checkBack.committed(claimed.stream().map(record -> record.message().source()).toList());
        }
        catch (RuntimeException ex) {
            // Database down? The claims run out and the records are due again; nothing is sent unchecked.
            log.warn("Could not check back {} messages: {}", claimed.size(), ex.toString());
            return new Round(claimed.size(), 0, 0, false, null);
        }
        List<MessageSender.Publish> toResend = new ArrayList<>();
        int discarded = 0;
        for (MessageRecord record : claimed) {
            try (var context = MessageLogContext.open(record.id(), record.message().source().id())) {
                if (committed.contains(record.message().source())) {
                    log.debug("Resending message {} ({} failed attempts so far)", record.id(), record.attempts());
                    toResend.add(new MessageSender.Publish(record, null));
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
                // The store could not be written: the claim runs out and the record is due again.
                log.warn("Could not discard message {}: {}", record.id(), ex.toString());
            }
        }
        var sent = toResend.isEmpty() ? new MessageSender.Sent(0, false, false) : sender.send(toResend);
        int resent = sent.published();
        boolean brokerUnreachable = sent.brokerUnreachable();
        if (!toResend.isEmpty() && !sent.interrupted()) {
            outage.observed(brokerUnreachable);
        }
        Instant oldestResent = toResend.stream().limit(resent).map(publish -> publish.record().message().createdAt())
                .min(Instant::compareTo).orElse(null);
        metrics.resent(resent);
        if (resent > 0 || discarded > 0) {
            log.info("Compensation round: {} claimed, {} resent, {} discarded{}", claimed.size(), resent, discarded,
                    brokerUnreachable ? "; the broker is unreachable, the rest waits" : "");
        }
        return new Round(claimed.size(), resent, discarded, brokerUnreachable, oldestResent);
    }

    /**
     * What one round did.
     *
     * @param brokerUnreachable whether a publish found the broker unreachable (the rest of the batch
     *     was put back without trying)
     * @param oldestResent when the oldest record resent in this round was stored, {@code null} if none
     */
    public record Round(int claimed, int resent, int discarded, boolean brokerUnreachable, Instant oldestResent) {
    }
}
