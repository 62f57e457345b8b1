package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Reliable publishing in numbers, as Micrometer meters (their Prometheus names in brackets):
 * <ul>
 * <li>{@code publishing.messages}, gauge, tag {@code status} = {@code SENDING} | {@code FAILED}: the
 * records in the store now, stored by any instance [{@code publishing_messages}]. FAILED above 0
 * means an operator is needed;</li>
 * <li>{@code publishing.sending.oldest.age}, gauge, seconds: how long the oldest SENDING record has
 * waited for its confirm, 0 when there is none [{@code publishing_sending_oldest_age_seconds}]. A few
 * seconds is normal; a number that keeps growing means messages are not getting through;</li>
 * <li>{@code publishing.confirm.latency}, timer, tag {@code outcome} = {@code ack} | {@code nack} |
 * {@code returned} | {@code timeout}: from a publish to the broker's answer, or to giving up on one
 * [{@code publishing_confirm_latency_seconds_count|sum|max}];</li>
 * <li>{@code publishing.resends}, counter: messages the compensation job sent again
 * [{@code publishing_resends_total}];</li>
 * <li>{@code publishing.discards}, counter, tag {@code by} = {@code job} (its change never committed)
 * | {@code operator} [{@code publishing_discards_total}];</li>
 * <li>{@code publishing.messages.failed}, counter: records that used up their attempts and became
 * FAILED [{@code publishing_messages_failed_total}];</li>
 * <li>{@code publishing.relay.queue}, gauge: records waiting for a relay thread
 * [{@code publishing_relay_queue}];</li>
 * <li>{@code publishing.relay.left.for.job}, counter, tag {@code reason} = {@code full} (the relay's
 * queue was full) | {@code late} (it waited in the queue past its resend time): records the relay
 * did not publish, so the compensation job does [{@code publishing_relay_left_for_job_total}];</li>
 * <li>{@code publishing.backlog.drain}, timer: how long the job took to resend a backlog, from its
 * first round until nothing was due [{@code publishing_backlog_drain_seconds_*}];</li>
 * <li>{@code publishing.backlog.outage.to.empty}, timer: from when the oldest record of that backlog
 * was stored (the outage had begun by then) until nothing was due
 * [{@code publishing_backlog_outage_to_empty_seconds_*}].</li>
 * </ul>
 * The two gauges are sampled from the store every {@code metrics-interval} in the background, not
 * at scrape time, so a slow or absent Redis never holds a scrape up; while the store cannot be read
 * they are NaN rather than a stale number.
 */
public class PublishingMetrics {

    private static final Logger log = LoggerFactory.getLogger(PublishingMetrics.class);

    /** How a publish ended, as far as its confirm is concerned. */
    enum ConfirmOutcome {
        ACK, NACK, RETURNED, TIMEOUT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MessageStore store;
    private final Clock clock;
    private final Map<ConfirmOutcome, Timer> confirmLatency = new EnumMap<>(ConfirmOutcome.class);
    private final Counter resends;
    private final Counter discardsByJob;
    private final Counter discardsByOperator;
    private final Counter failed;
    private final MeterRegistry meters;
    private final Timer backlogDrain;
    private final Timer outageToEmpty;
    private volatile double sendingCount = Double.NaN;
    private volatile double failedCount = Double.NaN;
    private volatile double oldestSendingAgeSeconds = Double.NaN;

    PublishingMetrics(MeterRegistry meters, MessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("publishing.messages", this, metrics -> metrics.sendingCount).tag("status", "SENDING")
                .description("Message records in the store").register(meters);
        Gauge.builder("publishing.messages", this, metrics -> metrics.failedCount).tag("status", "FAILED")
                .description("Message records in the store").register(meters);
        Gauge.builder("publishing.sending.oldest.age", this, metrics -> metrics.oldestSendingAgeSeconds)
                .baseUnit("seconds").description("Age of the oldest SENDING record").register(meters);
        for (ConfirmOutcome outcome : ConfirmOutcome.values()) {
            confirmLatency.put(outcome, Timer.builder("publishing.confirm.latency").tag("outcome", outcome.tag())
                    .description("From a publish to the broker's answer, or to giving up on it").register(meters));
        }
        this.resends = Counter.builder("publishing.resends").description("Messages the compensation job sent again")
                .register(meters);
        this.discardsByJob = discards(meters, "job");
        this.discardsByOperator = discards(meters, "operator");
        this.failed = Counter.builder("publishing.messages.failed")
                .description("Records that used up their attempts and became FAILED").register(meters);
        this.backlogDrain = Timer.builder("publishing.backlog.drain")
                .description("From the first round of a backlog's resend until nothing was due").register(meters);
        this.outageToEmpty = Timer.builder("publishing.backlog.outage.to.empty")
                .description("From when the oldest record of a backlog was stored until nothing was due").register(meters);
    }

    /** Registers the gauge of records waiting in the relay's queue. */
    void relayQueue(IntSupplier queued) {
        Gauge.builder("publishing.relay.queue", queued, IntSupplier::getAsInt)
                .description("Records waiting for a relay thread").register(meters);
    }

    void leftForJob(String reason) {
        Counter.builder("publishing.relay.left.for.job").tag("reason", reason)
                .description("Records the relay left to the compensation job").register(meters).increment();
    }

    public void backlogDrained(Duration took, Duration sinceOldestStored) {
        backlogDrain.record(took);
        outageToEmpty.record(sinceOldestStored);
    }

    void confirmed(ConfirmOutcome outcome, Duration latency) {
        confirmLatency.get(outcome).record(latency);
    }

    public void resent(int messages) {
        resends.increment(messages);
    }

    public void discardedByJob() {
        discardsByJob.increment();
    }

    public void discardedByOperator() {
        discardsByOperator.increment();
    }

    void becameFailed() {
        failed.increment();
    }

    /** Reads the gauges' values from the store. Run every {@code metrics-interval}. */
    void sample() {
        try {
            long sending = store.count(MessageStatus.SENDING);
            long failedNow = store.count(MessageStatus.FAILED);
            double age = store.oldestSendingCreatedAt()
                    .map(createdAt -> Math.max(0, Duration.between(createdAt, clock.instant()).toMillis()) / 1000.0)
                    .orElse(0.0);
            sendingCount = sending;
            failedCount = failedNow;
            oldestSendingAgeSeconds = age;
        }
        catch (RuntimeException ex) {
            sendingCount = Double.NaN;
            failedCount = Double.NaN;
            oldestSendingAgeSeconds = Double.NaN;
            log.debug("Could not read the message store for the metrics: {}", ex.toString());
        }
    }

    private static Counter discards(MeterRegistry meters, String by) {
        return Counter.builder("publishing.discards").tag("by", by)
                .description("Records removed without being delivered").register(meters);
    }
}
