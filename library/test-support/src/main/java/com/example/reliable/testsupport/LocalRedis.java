package com.example.reliable.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a free loopback port and a directory of its own, never
 * the shared server on 6379. The test that starts it pauses, resumes and stops it by its pid, and
 * {@link #close} stops it even when the test fails. Used where a test needs what the shared server
 * is not: a replica, a cluster node, a server to pause.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path directory;
    private final Process process;

    private LocalRedis(int port, Path directory, Process process) {
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** Whether {@code redis-server} is installed here (Debian's package). */
    public static boolean installed() {
        return Files.isExecutable(SERVER);
    }

    /**
     * Starts one, with no persistence unless {@code arguments} ask for it, and returns once it answers.
     *
     * @param arguments more {@code redis-server} flags, such as {@code --replicaof 127.0.0.1 6400}
     */
    public static LocalRedis start(String... arguments) {
        try {
            int port = freePort();
            Path directory = Files.createTempDirectory("local-redis-" + port + "-");
            List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--bind", "127.0.0.1", "--port",
                    String.valueOf(port), "--dir", directory.toString(), "--save", "", "--appendonly", "no",
                    "--daemonize", "no", "--protected-mode", "yes"));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile()).start();
            var redis = new LocalRedis(port, directory, process);
            await("redis-server on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(redis::answers);
            return redis;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start redis-server", ex);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code SIGSTOP}: it holds its connections open and answers nothing. */
    public void pause() {
        signal("STOP");
    }

    /** {@code SIGCONT}. */
    public void resume() {
        signal("CONT");
    }

    /** Runs {@code redis-cli} against it and returns what it printed. */
    public String cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** Stops it ({@code kill -9}, after a {@code SIGCONT} in case it is paused) and deletes its directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        run(List.of("rm", "-rf", directory.toString()));
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited; see " + directory.resolve("redis.log"));
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.getOutputStream().write("PING\r\n".getBytes());
            socket.setSoTimeout(500);
            byte[] reply = new byte[7];
            return socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }

    private void signal(String signal) {
        run(List.of("kill", "-" + signal, String.valueOf(process.pid())));
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
