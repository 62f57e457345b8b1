package com.example.reliable.system.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.example.reliable.system.RunningServices;

/**
 * A RabbitMQ node of the suite's own, so that it can be killed, paused and cut off without touching
 * the shared broker on 5672. It runs as the {@code rabbitmq} user (its Erlang cookie lets
 * {@code rabbitmqctl} talk to it) with a configuration file, data directory and ports of its own;
 * restarted, it reuses the same data directory, so durable queues and persistent messages survive
 * a {@code kill -9} exactly as they would in production.
 * <p>
 * The process tree is {@code runuser → rabbitmq-server (sh) → beam.smp}. Every signal goes to the
 * {@code beam.smp} pid found among this node's own descendants, never to a process found by name.
 * {@link #stop()} resumes a paused node before it kills it.
 */
final class PrivateRabbitNode implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");

    private final String name;
    private final int port;
    private final int distributionPort;
    private final Path directory;
    private final Path log;
    private Process launcher;
    private ProcessHandle beam;
    private volatile boolean paused;

    private PrivateRabbitNode(String name, int port, int distributionPort, Path directory, Path log) {
        this.name = name;
        this.port = port;
        this.distributionPort = distributionPort;
        this.directory = directory;
        this.log = log;
    }

    /** Whether this machine can run a private node: RabbitMQ installed, and root to run it as {@code rabbitmq}. */
    static boolean available() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CTL) && "root".equals(System.getProperty("user.name"));
    }

    /** Starts a node named {@code <name>@localhost} on a free loopback port, and returns once it listens. */
    static PrivateRabbitNode start(String name, Path log) {
        return start(name, log, "[].");
    }

    /** As {@link #start(String, Path)}, with an Erlang-terms {@code advanced.config} (settings rabbitmq.conf lacks). */
    static PrivateRabbitNode start(String name, Path log, String advancedConfig) {
        try {
            Path directory = Files.createTempDirectory("reliable-" + name + "-"); // /tmp: reachable by the rabbitmq user
            Files.createDirectories(directory.resolve("mnesia"));
            Files.createDirectories(directory.resolve("log"));
            Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
            int port = RunningServices.freePort();
            // loopback_users = none lets guest/guest in, as on the shared broker; the shared /etc/rabbitmq
            // configuration pins port 5672, so this node needs a file of its own.
            Files.writeString(directory.resolve("rabbitmq.conf"),
                    "listeners.tcp.1 = 127.0.0.1:" + port + "\nloopback_users = none\n");
            Files.writeString(directory.resolve("advanced.config"), advancedConfig + "\n");
            Commands.run(Duration.ofSeconds(10), "chown", "-R", "rabbitmq:rabbitmq", directory.toString());
            var node = new PrivateRabbitNode(name + "@localhost", port, RunningServices.freePort(), directory, log);
            node.boot();
            return node;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not prepare a private RabbitMQ node", ex);
        }
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    /** {@code kill -9} of the Erlang VM: no clean shutdown, nothing flushed that was not synced. */
    void kill() {
        ProcessHandle vm = beam;
        vm.destroyForcibly();
        vm.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        launcher.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        await("port " + port + " closed").atMost(Duration.ofSeconds(10)).until(() -> !listening());
    }

    /** Starts the killed node again on the same data directory and ports; returns once it listens. */
    void restart() {
        if (beam != null && beam.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        boot();
    }

    /** {@code kill -STOP}: the VM freezes; its sockets stay open, but nothing answers. */
    void pause() {
        Commands.run(Duration.ofSeconds(10), "kill", "-STOP", String.valueOf(beam.pid()));
        paused = true;
    }

    /** {@code kill -CONT}: the VM goes on where it stopped. */
    void resume() {
        if (paused) {
            Commands.run(Duration.ofSeconds(10), "kill", "-CONT", String.valueOf(beam.pid()));
            paused = false;
        }
    }

    /** {@code rabbitmqctl close_all_connections}: the broker closes every client connection, with a reason. */
    void closeAllConnections(String reason) {
        ctl("close_all_connections", reason);
    }

    /** Resumes the node if it is paused, then kills it and deletes its data directory. Safe to call twice. */
    void stop() {
        if (beam != null && beam.isAlive()) {
            resume();
            beam.destroyForcibly();
            beam.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(ex -> null).join();
        }
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        Commands.run(Duration.ofSeconds(20), "rm", "-rf", directory.toString());
    }

    @Override
    public void close() {
        stop();
    }

    private void boot() {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "rabbitmq", "--", "env",
                "HOME=/var/lib/rabbitmq",
                "RABBITMQ_NODENAME=" + name,
                "RABBITMQ_NODE_PORT=" + port,
                "RABBITMQ_DIST_PORT=" + distributionPort,
                "RABBITMQ_CONFIG_FILE=" + directory.resolve("rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE=" + directory.resolve("advanced.config"),
                "RABBITMQ_MNESIA_BASE=" + directory.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + directory.resolve("log"),
                "RABBITMQ_ENABLED_PLUGINS_FILE=" + directory.resolve("enabled_plugins"),
                SERVER.toString()));
        try {
            Files.createDirectories(log.getParent());
            launcher = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start RabbitMQ node " + name, ex);
        }
        beam = await("beam.smp of " + name).atMost(Duration.ofSeconds(20)).until(() -> launcher.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/beam.smp")).orElse(false))
                .findFirst().orElse(null), Objects::nonNull);
        await("RabbitMQ node " + name + " on port " + port).atMost(Duration.ofSeconds(60)).until(() -> {
            if (!beam.isAlive()) {
                throw new IllegalStateException("RabbitMQ node " + name + " exited; see " + log);
            }
            return listening();
        });
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private void ctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "rabbitmq", "--", "env",
                "HOME=/var/lib/rabbitmq", CTL.toString(), "-n", name));
        command.addAll(List.of(arguments));
        Commands.run(Duration.ofSeconds(30), command.toArray(String[]::new));
    }
}
