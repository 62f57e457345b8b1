package com.example.reliable.benchmarks.guards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;

/**
 * A private database ({@code bench_guards_<hex>}) made by running a service's Flyway migrations
 * ({@code V<n>__*.sql}, in version order) as they are in the source tree, so that the guard is measured against the real tables, keys and
 * constraints. {@link #close()} drops it.
 */
final class GuardDatabase implements AutoCloseable {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private final Servers servers;
    private final String name = "bench_guards_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Connection connection;

    /** @param migrations the migrations folder's path under the project root */
    GuardDatabase(Servers servers, String migrations) throws Exception {
        this.servers = servers;
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("CREATE DATABASE `" + name + "`");
        }
        this.connection = DriverManager.getConnection(servers.jdbcUrl(name), servers.mysqlUser(), servers.mysqlPassword());
        Path root = Path.of(System.getProperty(RunningServices.PROJECT_ROOT_PROPERTY, ".."));
        List<Path> files;
        try (var listing = Files.list(root.resolve(migrations))) {
            files = listing.filter(file -> VERSIONED.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(GuardDatabase::version)).toList();
        }
        for (Path file : files) {
            String sql = Files.readString(file).replaceAll("--[^\n]*", "");
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    connection.createStatement().execute(statement);
                }
            }
        }
    }

    private static int version(Path file) {
        var matcher = VERSIONED.matcher(file.getFileName().toString());
        matcher.matches();
        return Integer.parseInt(matcher.group(1));
    }

    /** The database's name. */
    String name() {
        return name;
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
