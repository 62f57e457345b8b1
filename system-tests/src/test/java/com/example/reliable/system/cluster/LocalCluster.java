package com.example.reliable.system.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/local-cluster.sh} driven from a test: a 3-node RabbitMQ cluster, a Redis primary
 * and replica and three Sentinels, on ports from {@code portBase} and in a directory of the test's
 * own. Every signal goes through the script, which sends it to the pid it recorded for that node.
 */
final class LocalCluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "scripts", "local-cluster.sh").toAbsolutePath().normalize();

    private final Map<String, String> environment;
    private final Path log;

    LocalCluster(int portBase, Path directory, Path log) {
        this.environment = Map.of("PORT_BASE", String.valueOf(portBase), "CLUSTER_DIR", directory.toString());
        this.log = log;
    }

    /** Whether this machine can run it: root, RabbitMQ and Redis installed. */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(SCRIPT)
                && Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"))
                && Files.isExecutable(Path.of("/usr/bin/redis-server"));
    }

    /** Starts what is not running; returns the Spring settings the script prints ({@code NAME=value}). */
    Map<String, String> start() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : run(Duration.ofMinutes(4), "start").lines().toList()) {
            if (line.startsWith("export ")) {
                String assignment = line.substring("export ".length());
                settings.put(assignment.substring(0, assignment.indexOf('=')),
                        assignment.substring(assignment.indexOf('=') + 1));
            }
        }
        return settings;
    }

    String status() {
        return run(Duration.ofSeconds(60), "status");
    }

    void kill(String node) {
        run(Duration.ofSeconds(30), "kill", node);
    }

    void stop() {
        run(Duration.ofSeconds(60), "stop");
    }

    @Override
    public void close() {
        stop();
    }

    private String run(Duration timeout, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout + "; see " + log);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; see " + log);
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not run " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, ex);
        }
    }
}
