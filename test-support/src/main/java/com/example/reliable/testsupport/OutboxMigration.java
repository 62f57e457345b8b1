package com.example.reliable.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;

/**
 * A service that keeps reliable publishing's JDBC outbox repeats the module's
 * {@code outbox-messages-mysql.sql} in a Flyway migration of its own (explicit migrations, one
 * numbering per service). This reads both without comments and with whitespace collapsed, so that a
 * test can insist they say the same.
 */
public final class OutboxMigration {

    /** Where reliable-publishing keeps the table's definition. */
    public static final String MODULE_SCHEMA = "com/example/reliable/publishing/outbox-messages-mysql.sql";

    private OutboxMigration() {
    }

    /** The statements of a class-path SQL file, comments removed, whitespace collapsed. */
    public static String statements(String classPathResource) {
        try {
            return new ClassPathResource(classPathResource).getContentAsString(StandardCharsets.UTF_8)
                    .replaceAll("--[^\n]*", "").replaceAll("\\s+", " ").trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
