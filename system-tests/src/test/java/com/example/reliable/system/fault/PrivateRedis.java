package com.example.reliable.system.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.example.reliable.system.RunningServices;

/**
 * A redis-server of the suite's own for order-service's message records, so that it can be killed
 * without touching the shared Redis on 6379. By default it keeps an append-only file synced on every
 * write ({@code --appendonly yes --appendfsync always}, no RDB snapshots) in a directory of its own:
 * after a {@code kill -9} and a restart on the same directory it has every record it acknowledged.
 * That is the configuration the durability claim rests on. {@code -Dfault.redis.aof=everysec} (the
 * compose file's trade-off: up to a second of writes lost) or {@code off} (a restart empties it) run
 * the control experiment, where the Redis scenario is expected to lose orders.
 */
final class PrivateRedis implements AutoCloseable {

    /** How the append-only file is kept: synced on every write, once a second, or not at all. */
    enum AppendOnly {
        ALWAYS, EVERYSEC, OFF;

        /** {@code -Dfault.redis.aof}, else {@code FAULT_REDIS_AOF}, else {@code always}. */
        static AppendOnly fromEnvironment() {
            return valueOf(System.getProperty("fault.redis.aof", System.getenv().getOrDefault("FAULT_REDIS_AOF", "always"))
                    .toUpperCase(java.util.Locale.ROOT));
        }

        String describe() {
            return this == OFF ? "no append-only file" : "appendfsync " + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int port;
    private final AppendOnly appendOnly;
    private final Path directory;
    private final Path log;
    private Process process;

    private PrivateRedis(int port, AppendOnly appendOnly, Path directory, Path log) {
        this.port = port;
        this.appendOnly = appendOnly;
        this.directory = directory;
        this.log = log;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server"));
    }

    /** Starts redis-server on a free loopback port, and returns once it answers. */
    static PrivateRedis start(AppendOnly appendOnly, Path log) {
        try {
            var redis = new PrivateRedis(RunningServices.freePort(), appendOnly,
                    Files.createTempDirectory("reliable-fault-redis-"), log);
            redis.boot();
            return redis;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not prepare a private Redis", ex);
        }
    }

    int port() {
        return port;
    }

    AppendOnly appendOnly() {
        return appendOnly;
    }

    /** {@code kill -9}: with {@code appendfsync always}, what was acknowledged is in the append-only file, synced. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same port and directory: it replays its append-only file. */
    void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        boot();
    }

    /** Kills it and deletes its directory. Safe to call twice. */
    void stop() {
        if (process != null) {
            kill();
        }
        Commands.run(Duration.ofSeconds(20), "rm", "-rf", directory.toString());
    }

    @Override
    public void close() {
        stop();
    }

    private void boot() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                    "--dir", directory.toString(), "--appendonly", appendOnly == AppendOnly.OFF ? "no" : "yes",
                    "--appendfsync", appendOnly == AppendOnly.EVERYSEC ? "everysec" : "always", "--save", "",
                    "--daemonize", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start redis-server", ex);
        }
        await("redis-server on port " + port).atMost(Duration.ofSeconds(30)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited; see " + log);
            }
            return answersPing();
        });
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            // While it loads its append-only file it answers -LOADING instead of +PONG.
            return read > 0 && new String(reply, 0, read).startsWith("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }
}
