package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.OutboxMigration;

/**
 * logistics-service's outbox table is the one reliable-publishing's JDBC store is written for: its
 * migration repeats the module's {@code outbox-messages-mysql.sql} statement for statement.
 */
class OutboxMigrationTest {

    @Test
    void theMigrationCreatesExactlyTheTableTheJdbcStoreExpects() {
        assertThat(OutboxMigration.statements("db/migration/V3__outbox_messages.sql")).isNotBlank()
                .isEqualTo(OutboxMigration.statements(OutboxMigration.MODULE_SCHEMA));
    }
}
