package com.example.reliable.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A service that uses a library module's table (reliable publishing's JDBC outbox, the operator
 * audit trail) creates it in a Flyway migration of its own (explicit migrations, one numbering per
 * service) and changes it in later ones, as the module's {@code *-mysql.sql} changes. This runs both
 * on scratch databases of the test MySQL server and reads back the table each leaves
 * ({@code SHOW CREATE TABLE}), so that a test can insist they end in the same table: columns, their
 * order, types, nullability and keys.
 */
public final class ModuleTableMigration {

    /** reliable-publishing-jdbc's {@code outbox_messages}. */
    public static final ModuleTableMigration OUTBOX = new ModuleTableMigration("outbox_messages",
            "com/example/reliable/publishing/jdbc/outbox-messages-mysql.sql");

    /** operator-audit's {@code operator_audit}. */
    public static final ModuleTableMigration OPERATOR_AUDIT = new ModuleTableMigration("operator_audit",
            "com/example/reliable/audit/operator-audit-mysql.sql");

    private final String table;
    private final String moduleSchema;

    private ModuleTableMigration(String table, String moduleSchema) {
        this.table = table;
        this.moduleSchema = moduleSchema;
    }

    /** The table as the module's {@code *-mysql.sql} creates it. */
    public String moduleTable() {
        return tableAfter(List.of(new ClassPathResource(moduleSchema)));
    }

    /**
     * The table as a service's migrations leave it: every {@code V<n>__*.sql} in the class-path folder
     * {@code location} (e.g. {@code db/migration}) that mentions it, in version order.
     */
    public String tableMigratedBy(String location) {
        try {
            Resource[] migrations = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + location + "/V*__*.sql");
            List<Resource> outbox = new ArrayList<>();
            for (Resource migration : Arrays.stream(migrations).sorted(Comparator.comparingInt(ModuleTableMigration::version))
                    .toList()) {
                if (migration.getContentAsString(StandardCharsets.UTF_8).contains(table)) {
                    outbox.add(migration);
                }
            }
            if (outbox.isEmpty()) {
                throw new IllegalStateException("No migration under " + location + " mentions " + table);
            }
            return tableAfter(outbox);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int version(Resource migration) {
        String name = migration.getFilename();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** Runs the scripts, in order, on a database of their own and answers the table's {@code SHOW CREATE TABLE}. */
    private String tableAfter(List<Resource> scripts) {
        Servers servers = Servers.get();
        String database = "it_table_migration_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                servers.mysqlPassword()); Statement adminStatement = admin.createStatement()) {
            adminStatement.execute("CREATE DATABASE `" + database + "`");
            try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(database), servers.mysqlUser(),
                    servers.mysqlPassword()); Statement statement = connection.createStatement()) {
                for (Resource script : scripts) {
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                }
                try (ResultSet created = statement.executeQuery("SHOW CREATE TABLE " + table)) {
                    created.next();
                    return created.getString(2);
                }
            }
            finally {
                adminStatement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run " + scripts + ": " + ex.getMessage(), ex);
        }
    }

    /** The statements of an SQL script, comments removed. */
    private static List<String> statements(Resource script) {
        try {
            return Arrays.stream(script.getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "").split(";"))
                    .map(String::trim).filter(sql -> !sql.isEmpty()).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
