package com.example.reliable.inventory.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long inventory-service remembers an applied operation ({@code inventory.idempotency.*}).
 *
 * @param retention how long a {@code t_check} row is kept. It must outlast every way a message can
 *     come back: order-service resends for a few minutes, then marks the message FAILED, and an
 *     operator may retry it days later; a dead-lettered message may be moved back by hand. A copy
 *     that arrives after its rows were purged is no longer recognised by {@code t_check} (the
 *     reservation's state still stops it, see {@code ReservationService}). Default 30 days.
 * @param purgeInterval time between two runs of the purge job
 * @param purgeBatchSize rows deleted per statement; each batch commits on its own, so the purge never
 *     holds locks for long
 */
@ConfigurationProperties("inventory.idempotency")
record IdempotencyProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("1000") int purgeBatchSize) {

    IdempotencyProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("inventory.idempotency.retention must be positive, was " + retention);
        }
        if (purgeBatchSize < 1) {
            throw new IllegalArgumentException("inventory.idempotency.purge-batch-size must be at least 1");
        }
    }
}
