package com.example.reliable.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code operator.audit.*}: how long the audit trail keeps an entry ({@code retention}, 90 days), how
 * often the oldest are purged ({@code purge-interval}, hourly; the first purge one interval after
 * start-up), and how many rows one purge statement deletes ({@code purge-batch-size}).
 */
@ConfigurationProperties("operator.audit")
public record OperatorAuditProperties(@DefaultValue("90d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval, @DefaultValue("1000") int purgeBatchSize) {

    public OperatorAuditProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("operator.audit.retention must be positive, was " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("operator.audit.purge-interval must be positive, was " + purgeInterval);
        }
        if (purgeBatchSize < 1) {
            throw new IllegalArgumentException("operator.audit.purge-batch-size must be at least 1, was " + purgeBatchSize);
        }
    }
}
