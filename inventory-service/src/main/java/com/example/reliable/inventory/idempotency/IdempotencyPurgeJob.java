package com.example.reliable.inventory.idempotency;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import com.example.reliable.inventory.InventoryServiceApplication;

/**
 * Keeps {@code t_check} from growing forever: deletes the rows older than
 * {@link IdempotencyProperties#retention()}, in batches of
 * {@link IdempotencyProperties#purgeBatchSize()}. Rows within the retention are never touched, so a
 * redelivery inside that window is still recognised. Several instances may run it at once: a row is
 * deleted once, whoever gets there first.
 * <p>
 * Runs on inventory-service's task scheduler every {@link IdempotencyProperties#purgeInterval()},
 * the first time one interval after start-up, from {@link #start()} until {@link #stop()}; a purge
 * that fails (the database away) is logged and tried again one interval later.
 */
@Component
class IdempotencyPurgeJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final JdbcClient jdbc;
    private final IdempotencyProperties properties;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> purging;

    IdempotencyPurgeJob(JdbcClient jdbc, IdempotencyProperties properties,
            @Qualifier(InventoryServiceApplication.SCHEDULER) TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start() {
        purging = scheduler.scheduleWithFixedDelay(this::purgeQuietly,
                Instant.now().plus(properties.purgeInterval()), properties.purgeInterval());
    }

    /** No further purge; one under way ends. */
    @Override
    public synchronized void stop() {
        if (purging != null) {
            purging.cancel(false);
            purging = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return purging != null;
    }

    private void purgeQuietly() {
        try {
            purgeExpired();
        }
        catch (RuntimeException ex) {
            log.warn("Could not purge the idempotency check rows; again in {}: {}", properties.purgeInterval(),
                    ex.toString());
        }
    }

    /** @return how many rows were deleted */
    int purgeExpired() {
        int total = 0;
        int deleted;
        do {
            // No surrounding transaction: each batch commits by itself and releases its locks before
            // the next, so consumers inserting new rows never wait long behind the purge.
            deleted = jdbc.sql("""
                    DELETE FROM t_check
                    WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND
                    ORDER BY created_at
                    LIMIT ?""")
                    .params(properties.retention().toSeconds(), properties.purgeBatchSize())
                    .update();
            total += deleted;
        }
        while (deleted == properties.purgeBatchSize());
        if (total > 0) {
            log.info("Purged {} idempotency check row(s) older than {}", total, properties.retention());
        }
        return total;
    }
}
