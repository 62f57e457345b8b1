package com.example.reliable.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.io.ClassPathResource;

/**
 * A database of its own on the test MySQL server, for a test that uses a module's table without a
 * service around it: created empty, given the module's {@code *-mysql.sql} scripts, dropped on
 * {@link #close()}.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final Servers servers = Servers.get();
    private final String name;

    private ScratchDatabase(String prefix) {
        this.name = prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        admin("CREATE DATABASE `" + name + "`");
    }

    /** A new database named {@code prefix_<random>}, with the class-path scripts run in it, in order. */
    public static ScratchDatabase create(String prefix, String... classPathScripts) {
        ScratchDatabase database = new ScratchDatabase(prefix);
        for (String script : classPathScripts) {
            database.run(script);
        }
        return database;
    }

    public String jdbcUrl() {
        return servers.jdbcUrl(name);
    }

    public String user() {
        return servers.mysqlUser();
    }

    public String password() {
        return servers.mysqlPassword();
    }

    private void run(String classPathScript) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
                Statement statement = connection.createStatement()) {
            String sql = new ClassPathResource(classPathScript).getContentAsString(StandardCharsets.UTF_8);
            for (String each : sql.replaceAll("--[^\n]*", "").split(";")) {
                if (!each.isBlank()) {
                    statement.execute(each);
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run " + classPathScript + ": " + ex.getMessage(), ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS `" + name + "`");
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(""), user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not " + sql + ": " + ex.getMessage(), ex);
        }
    }
}
