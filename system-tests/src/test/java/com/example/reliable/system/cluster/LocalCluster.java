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
public final class LocalCluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "scripts", "local-cluster.sh").toAbsolutePath().normalize();

    /** The RabbitMQ nodes, as the script names them. */
    public static final List<String> RABBIT_NODES = List.of("rabbit-1", "rabbit-2", "rabbit-3");

    private final int portBase;
    private final Map<String, String> environment;
    private final Path log;

    public LocalCluster(int portBase, Path directory, Path log) {
        this.portBase = portBase;
        this.environment = Map.of("PORT_BASE", String.valueOf(portBase), "CLUSTER_DIR", directory.toString());
        this.log = log;
    }

    /** Whether this machine can run it: root, RabbitMQ and Redis installed. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(SCRIPT)
                && Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"))
                && Files.isExecutable(Path.of("/usr/bin/redis-server"));
    }

    /** Starts what is not running; returns the Spring settings the script prints ({@code NAME=value}). */
    public Map<String, String> start() {
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

    public String status() {
        return run(Duration.ofSeconds(60), "status");
    }

    /** {@code kill -9} of a node ({@code rabbit-2}, {@code redis-primary}, …) by the pid the script recorded. */
    public void kill(String node) {
        run(Duration.ofSeconds(30), "kill", node);
    }

    /** {@code SIGSTOP}. */
    public void pause(String node) {
        run(Duration.ofSeconds(30), "pause", node);
    }

    /** {@code SIGCONT}. */
    public void resume(String node) {
        run(Duration.ofSeconds(30), "resume", node);
    }

    /** The RabbitMQ node ({@code rabbit-N}) leading a quorum queue now. */
    public String leader(String queue) {
        return run(Duration.ofSeconds(90), "leader", queue).trim();
    }

    /** The Redis node ({@code redis-1} or {@code redis-2}) the Sentinels name primary now, or empty. */
    public String redisPrimary() {
        return status().lines().filter(line -> line.startsWith("redis primary:"))
                .map(line -> line.substring("redis primary:".length()).trim())
                .map(rest -> rest.isEmpty() ? "" : rest.substring(0, rest.indexOf(' ')))
                .findFirst().orElse("");
    }

    /**
     * Drops the primary's connections to its replicas ({@code CLIENT KILL TYPE replica}): with the
     * replica paused, it cannot connect again, and what the primary takes from now on is on the primary
     * only — the lagging replica of a network partition. (A pause alone is not that: the replication
     * stream waits in the paused replica's socket buffer and is applied when it resumes.)
     */
    public void detachReplicas(String primary) {
        try {
            Process process = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(redisPort(primary)),
                    "client", "kill", "type", "replica").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("client kill type replica on " + primary + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not run redis-cli", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The AMQP port of a RabbitMQ node ({@code rabbit-2} → base + 2). */
    public int amqpPort(String node) {
        return portBase + Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
    }

    /** The port of {@code redis-1} or {@code redis-2}. */
    public int redisPort(String node) {
        return portBase + 20 + Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
    }

    public void stop() {
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
