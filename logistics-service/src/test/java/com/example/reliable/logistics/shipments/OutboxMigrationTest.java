package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.OutboxMigration;

/**
 * logistics-service's outbox table is the one reliable-publishing's JDBC store is written for: its migrations
 * (the table, then each column added since) leave, on a real database, exactly the table the module's
 * {@code outbox-messages-mysql.sql} creates.
 */
class OutboxMigrationTest {

    @Test
    void theMigrationsLeaveExactlyTheTableTheJdbcStoreExpects() {
        assertThat(OutboxMigration.tableMigratedBy("db/migration")).contains("`traceparent`")
                .isEqualTo(OutboxMigration.moduleTable());
    }
}
