package com.example.reliable.publishing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts, backoff and the attempt cap of reliable publishing ({@code reliable.publishing.*}).
 *
 * @param confirmTimeout how long to wait for the broker's confirm before the attempt counts as
 *     failed
 * @param resendAfter how long a SENDING record rests before the compensation job may send it
 *     again; it is also how long a claim lasts. Must be longer than {@code confirmTimeout}, or
 *     messages whose confirm is merely slow would be resent needlessly
 * @param transactionTimeout the longest a business transaction can take; a record whose change
 *     is still not committed after this long belongs to a rolled-back transaction and is discarded
 * @param maxAttempts failed attempts after which a record becomes FAILED and waits for an operator
 * @param backoff how long to wait after a failed attempt
 * @param jobInterval how often the compensation job looks for due records
 * @param batchSize how many due records one round of the job claims at most
 * @param redisKeyPrefix prefix of every Redis key the store writes
 * @param metricsInterval how often the gauges of {@link PublishingMetrics} (records by status, age
 *     of the oldest SENDING record) are read from the store
 */
@ConfigurationProperties("reliable.publishing")
public record ReliablePublishingProperties(
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue("15s") Duration resendAfter,
        @DefaultValue("60s") Duration transactionTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue Backoff backoff,
        @DefaultValue("2s") Duration jobInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("reliable:") String redisKeyPrefix,
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
}
