package com.example.reliable.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * inventory-service's outbox table is the one reliable-publishing's JDBC store is written for: its
 * migration repeats the module's {@code outbox-messages-mysql.sql} statement for statement.
 */
class OutboxMigrationTest {

    @Test
    void theMigrationCreatesExactlyTheTableTheJdbcStoreExpects() throws IOException {
        String migration = statements(new ClassPathResource("db/migration/V4__outbox_messages.sql"));
        String module = statements(new ClassPathResource("com/example/reliable/publishing/outbox-messages-mysql.sql"));

        assertThat(migration).isNotBlank().isEqualTo(module);
    }

    /** The SQL without comments, whitespace collapsed. */
    private static String statements(ClassPathResource resource) throws IOException {
        return resource.getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "").replaceAll("\\s+", " ")
                .trim();
    }
}
