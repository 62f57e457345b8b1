package com.example.reliable.consuming;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a consumer retries transient failures and gathers batches ({@code reliable.consuming.*}).
 *
 * @param initialDelay first wait after the database could not be reached; doubles after each try
 * @param maxDelay the longest wait between two tries while the database is away
 * @param conflictAttempts tries in all when a concurrent writer won, before the failure counts as a
 *     real one
 * @param metricsInterval how often {@link QueueDepths} asks the broker how deep the
 *     listened queues and their dead-letter queues are
 * @param batchWait for a listener that takes batches ({@link MessageBatches}): how long a batch that
 *     is not full waits for one more message before it is applied as it is; the longest a message
 *     waits for others under light load
 * @param operatorApi the dead-letter API under {@code /admin/dead-letters}
 */
@ConfigurationProperties("reliable.consuming")
public record ReliableConsumingProperties(
        @DefaultValue("200ms") Duration initialDelay,
        @DefaultValue("5s") Duration maxDelay,
        @DefaultValue("5") int conflictAttempts,
        @DefaultValue("5s") Duration metricsInterval,
        @DefaultValue("20ms") Duration batchWait,
        @DefaultValue OperatorApi operatorApi) {

    /**
     * The operator's dead-letter API ({@code reliable.consuming.operator-api.*}).
     *
     * @param enabled whether the service offers it (it needs publisher confirms and returns, and a
     *     security configuration for {@code /admin/**})
     * @param scanLimit how many messages of a dead-letter queue are looked at, at most, to find one by id
     * @param maxLimit the most messages one request may read or replay
     * @param previewLength how many characters of a body the listing shows
     * @param confirmTimeout how long a replay waits for the broker's confirm before it gives up (the
     *     dead letter then stays)
     */
    public record OperatorApi(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1000") int scanLimit,
            @DefaultValue("200") int maxLimit,
            @DefaultValue("200") int previewLength,
            @DefaultValue("5s") Duration confirmTimeout) {
    }
}
