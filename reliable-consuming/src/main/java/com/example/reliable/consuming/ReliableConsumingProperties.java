package com.example.reliable.consuming;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a consumer retries transient failures ({@code reliable.consuming.*}).
 *
 * @param initialDelay first wait after the database could not be reached; doubles after each try
 * @param maxDelay the longest wait between two tries while the database is away
 * @param conflictAttempts tries in all when a concurrent writer won, before the failure counts as a
 *     real one
 * @param metricsInterval how often {@link DeadLetterQueueDepth} asks the broker how deep the
 *     dead-letter queues are
 */
@ConfigurationProperties("reliable.consuming")
public record ReliableConsumingProperties(
        @DefaultValue("200ms") Duration initialDelay,
        @DefaultValue("5s") Duration maxDelay,
        @DefaultValue("5") int conflictAttempts,
        @DefaultValue("5s") Duration metricsInterval) {
}
