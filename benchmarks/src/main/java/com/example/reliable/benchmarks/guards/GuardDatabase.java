package com.example.reliable.benchmarks.guards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;

/**
 * A private database ({@code bench_guards_<hex>}) made by running a service's Flyway migration file
 * as it is in the source tree, so that the guard is measured against the real tables, keys and
 * constraints. {@link #close()} drops it.
 */
final class GuardDatabase implements AutoCloseable {

    private final Servers servers;
    private final String name = "bench_guards_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Connection connection;

    /** @param migration the migration's path under the project root */
    GuardDatabase(Servers servers, String migration) throws Exception {
        this.servers = servers;
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("CREATE DATABASE `" + name + "`");
        }
        this.connection = DriverManager.getConnection(servers.jdbcUrl(name), servers.mysqlUser(), servers.mysqlPassword());
        Path root = Path.of(System.getProperty(RunningServices.PROJECT_ROOT_PROPERTY, ".."));
        String sql = Files.readString(root.resolve(migration)).replaceAll("--[^\n]*", "");
        for (String statement : sql.split(";")) {
            if (!statement.isBlank()) {
                connection.createStatement().execute(statement);
            }
        }
    }

    /** The connection the measurement uses: one, single-threaded, so nothing waits on a pool or a lock. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            connection.close();
            admin.createStatement().execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
        catch (SQLException ex) {
            System.err.println("Could not drop " + name + ": " + ex);
        }
    }
}
