package com.example.reliable.audit;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the audit trail to its retention: every {@link OperatorAuditProperties#purgeInterval()},
 * deletes the entries older than {@link OperatorAuditProperties#retention()}, in batches that each
 * commit by themselves. Entries within the retention are never touched. Several instances may purge
 * at once: a row is deleted once, whoever gets there first. A purge that fails (the database away) is
 * logged and tried again one interval later. Runs on a thread of its own from {@link #start()} until
 * {@link #stop()}.
 */
final class AuditRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditTable table;
    private final OperatorAuditProperties properties;
    private final Clock clock;
    private ScheduledExecutorService purging;

    AuditRetention(AuditTable table, OperatorAuditProperties properties, Clock clock) {
        this.table = table;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        purging = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.purgeInterval().toMillis();
        purging.scheduleWithFixedDelay(this::purgeQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (purging != null) {
            purging.shutdownNow();
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
            log.warn("Could not purge the audit trail; again in {}: {}", properties.purgeInterval(), ex.toString());
        }
    }

    /** @return how many entries were deleted */
    int purgeExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = table.deleteBefore(clock.instant().minus(properties.retention()), properties.purgeBatchSize());
            total += deleted;
        }
        while (deleted == properties.purgeBatchSize());
        if (total > 0) {
            log.info("Purged {} audit entries older than {}", total, properties.retention());
        }
        return total;
    }
}
