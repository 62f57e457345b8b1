package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.ModuleTableMigration;

/**
 * logistics-service's outbox table is the one reliable-publishing's JDBC store is written for: its migrations
 * (the table, then each column added since) leave, on a real database, exactly the table the module's
 * {@code outbox-messages-mysql.sql} creates.
 */
class OutboxMigrationTest {

    @Test
    void theMigrationsLeaveExactlyTheTableTheJdbcStoreExpects() {
        assertThat(ModuleTableMigration.OUTBOX.tableMigratedBy("db/migration")).contains("`traceparent`")
                .isEqualTo(ModuleTableMigration.OUTBOX.moduleTable());
    }
}
