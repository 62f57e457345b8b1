package com.example.reliable.inventory.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code t_check} from growing forever: deletes the rows older than
 * {@link IdempotencyProperties#retention()}, in batches of
 * {@link IdempotencyProperties#purgeBatchSize()}. Rows within the retention are never touched, so a
 * redelivery inside that window is still recognised. Several instances may run it at once: a row is
 * deleted once, whoever gets there first.
 */
@Component
class IdempotencyPurgeJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final JdbcClient jdbc;
    private final IdempotencyProperties properties;

    IdempotencyPurgeJob(JdbcClient jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Runs every {@code purge-interval}, the first time one interval after start-up. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(() -> purgeExpired(), properties.purgeInterval(),
                properties.purgeInterval()));
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
