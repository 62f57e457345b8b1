package com.example.reliable.publishing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of reliable publishing's core ({@code reliable.publishing.*}), each declared here
 * once with its default: the schedules of the job, the confirm check and the metrics are made from
 * these values. Two of them also choose beans, and so are read by auto-configuration conditions as
 * well: {@code store} (by the store modules) and {@code operator-api.enabled} (by the operator API's).
 * The Redis store's settings are its module's ({@code RedisStoreProperties}).
 *
 * @param confirmTimeout how long to wait for the broker's confirm before the attempt counts as
 *     failed
 * @param confirmCheckInterval how often publishes still waiting for their confirm are checked
 *     against {@code confirmTimeout}
 * @param confirmWindow how many publishes may wait for their confirm at once, across the relay
 *     and the compensation job; a publisher that would exceed it waits for an answer first
 * @param resendAfter how long a SENDING record rests before the compensation job may send it
 *     again; it is also how long a claim lasts. Must be longer than {@code confirmTimeout}, or
 *     messages whose confirm is merely slow would be resent needlessly
 * @param transactionTimeout the longest a business transaction can take; a record whose change
 *     is still not committed after this long belongs to a rolled-back transaction and is discarded
 * @param maxAttempts failed attempts after which a record becomes FAILED and waits for an operator
 * @param backoff how long to wait after a failed attempt
 * @param relay the in-process relay that publishes right after the commit
 * @param jobInterval how long the compensation job sleeps when nothing is due; while records are
 *     due it claims batch after batch without sleeping
 * @param batchSize how many due records one round of the job claims, checks back (in one query)
 *     and publishes
 * @param store where records wait, when both store modules are on the class path: {@code redis}
 *     ({@code reliable-publishing-redis}, the default then) or {@code jdbc}
 *     ({@code reliable-publishing-jdbc}: the table {@code outbox_messages} in the service's own
 *     database, written in the business transaction). With one store module it need not be set. Read
 *     by the store modules' auto-configuration, which makes the store it names
 * @param operatorApi the operator endpoints under {@code /admin/messages}
 * @param metricsInterval how often the store-backed gauges (records by status, age
 *     of the oldest SENDING record) are read from the store
 */
@ConfigurationProperties("reliable.publishing")
public record ReliablePublishingProperties(
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue("1s") Duration confirmCheckInterval,
        @DefaultValue("256") int confirmWindow,
        @DefaultValue("15s") Duration resendAfter,
        @DefaultValue("60s") Duration transactionTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue Backoff backoff,
        @DefaultValue Relay relay,
        @DefaultValue("2s") Duration jobInterval,
        @DefaultValue("500") int batchSize,
        Store store,
        @DefaultValue OperatorApi operatorApi,
        @DefaultValue("5s") Duration metricsInterval) {

    public ReliablePublishingProperties {
        if (resendAfter.compareTo(confirmTimeout) <= 0) {
            throw new IllegalArgumentException("reliable.publishing.resend-after (" + resendAfter
                    + ") must be longer than reliable.publishing.confirm-timeout (" + confirmTimeout
                    + "), or in-flight messages would be resent needlessly");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reliable.publishing.max-attempts must be at least 1");
        }
        if (confirmWindow < 1 || batchSize < 1) {
            throw new IllegalArgumentException("reliable.publishing.confirm-window and batch-size must be at least 1");
        }
    }

    /** Where records wait for their confirm. */
    public enum Store {
        /** Redis ({@code reliable-publishing-redis}): stored before the transaction, checked back before a resend. */
        REDIS,
        /** The service's database ({@code reliable-publishing-jdbc}): a transactional outbox, committed with the change. */
        JDBC
    }

    /**
     * Exponential backoff: the n-th failed attempt waits {@code initialDelay * multiplier^(n-1)},
     * at most {@code maxDelay}, of which a random part ({@code jitter}, 0 to 1) is taken off so
     * that records that failed together are not resent together.
     */
    public record Backoff(
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("60s") Duration maxDelay,
            @DefaultValue("0.5") double jitter) {
    }

    /**
     * The relay between a committed transaction and the broker.
     *
     * @param queueSize records waiting for a relay thread at most; a record that finds the queue
     *     full is left in the store for the compensation job, never dropped
     * @param threads threads that take records from the queue and publish them
     */
    public record Relay(
            @DefaultValue("10000") int queueSize,
            @DefaultValue("2") int threads) {

        public Relay {
            if (queueSize < 1 || threads < 1) {
                throw new IllegalArgumentException("reliable.publishing.relay.queue-size and threads must be at least 1");
            }
        }
    }

    /**
     * The operator endpoints ({@code reliable.publishing.operator-api.*}).
     *
     * @param enabled whether a web application offers them; a service that does not secure
     *     {@code /admin/**} must turn them off
     */
    public record OperatorApi(@DefaultValue("true") boolean enabled) {
    }
}
