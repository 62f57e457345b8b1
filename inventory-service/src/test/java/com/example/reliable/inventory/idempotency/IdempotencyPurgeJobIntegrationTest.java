package com.example.reliable.inventory.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * The purge job forgets only what no redelivery can still need: rows older than the retention go,
 * in as many batches as it takes; rows inside the retention, however close to its end, stay.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = { "inventory.idempotency.retention=30d", "inventory.idempotency.purge-batch-size=2" })
class IdempotencyPurgeJobIntegrationTest {

    @Autowired IdempotencyPurgeJob job;
    @Autowired JdbcClient jdbc;

    @Test
    void purgeDeletesOnlyRowsOlderThanTheRetention() {
        long day = 24 * 60;
        insert("expired-1", 31 * day);
        insert("expired-2", 45 * day);
        insert("expired-3", 365 * day);
        insert("expired-4", 30 * day + 1);
        insert("expired-5", 90 * day);
        insert("kept-almost-expired", 30 * day - 1);
        insert("kept-yesterday", day);
        insert("kept-now", 0);

        int purged = job.purgeExpired();

        assertThat(purged).as("five rows, in batches of two").isEqualTo(5);
        assertThat(jdbc.sql("SELECT fingerprint FROM t_check ORDER BY fingerprint").query(String.class).list())
                .isEqualTo(List.of("kept-almost-expired", "kept-now", "kept-yesterday"));
        assertThat(job.purgeExpired()).as("nothing left to purge").isZero();
    }

    private void insert(String fingerprint, long minutesOld) {
        jdbc.sql("INSERT INTO t_check (unique_id, fingerprint, created_at) VALUES ('SKU-1', ?, UTC_TIMESTAMP(6) - INTERVAL ? MINUTE)")
                .params(fingerprint, minutesOld).update();
    }
}
