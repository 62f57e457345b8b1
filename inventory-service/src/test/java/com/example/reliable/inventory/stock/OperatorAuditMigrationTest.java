package com.example.reliable.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.ModuleTableMigration;

/**
 * inventory-service's audit table is the one the operator-audit module writes: its migration leaves, on a
 * real database, exactly the table the module's {@code operator-audit-mysql.sql} creates.
 */
class OperatorAuditMigrationTest {

    @Test
    void theMigrationLeavesExactlyTheTableTheAuditTrailExpects() {
        assertThat(ModuleTableMigration.OPERATOR_AUDIT.tableMigratedBy("db/migration")).contains("`outcome`")
                .isEqualTo(ModuleTableMigration.OPERATOR_AUDIT.moduleTable());
    }
}
