package com.example.reliable.inventory.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;

/**
 * The purge runs by itself every {@code inventory.idempotency.purge-interval} (300 ms here, an hour
 * by default) on inventory-service's task scheduler while the service runs, and stops with it.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = { "inventory.idempotency.retention=30d", "inventory.idempotency.purge-interval=300ms" })
class IdempotencyPurgeScheduleIntegrationTest {

    @RegisterExtension
    final LogCapture log = new LogCapture(IdempotencyPurgeJob.class);

    @Autowired IdempotencyPurgeJob job;
    @Autowired JdbcClient jdbc;

    @Test
    void theServicePurgesEveryIntervalByItself() {
        assertThat(job.isRunning()).isTrue();
        jdbc.sql("INSERT INTO t_check (unique_id, fingerprint, created_at) VALUES "
                + "('SKU-1', 'expired', UTC_TIMESTAMP(6) - INTERVAL 31 DAY), ('SKU-1', 'kept', UTC_TIMESTAMP(6))")
                .update();

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT fingerprint FROM t_check")
                .query(String.class).list().equals(List.of("kept")));
        log.awaitLineStartingWith("Purged 1 idempotency check row(s) older than PT720H");

        job.stop();
        assertThat(job.isRunning()).isFalse();
    }
}
