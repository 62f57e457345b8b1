package com.example.reliable.benchmarks.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.testsupport.Servers;
import com.rabbitmq.perf.PerfTest;

/**
 * (a) The baseline: RabbitMQ PerfTest, on the classpath as a library, run in this JVM through its
 * {@code PerfTest.main(args, options)} entry (output captured, {@code System.exit} replaced): one
 * producer and one consumer on a quorum queue, persistent and mandatory 512-byte messages, at most
 * 256 unconfirmed, for a fixed time. Reports PerfTest's own summary: the average sending rate and
 * its confirm latency percentiles (over the whole run, from PerfTest's histogram).
 */
public final class PerfTestBaseline implements Scenario {

    private static final Pattern SENT = Pattern.compile("sending rate avg: (\\d+) msg/s");
    private static final Pattern RECEIVED = Pattern.compile("receiving rate avg: (\\d+) msg/s");
    private static final Pattern CONFIRM = Pattern
            .compile("confirm latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");

    private final BrokerQueue queue;

    public PerfTestBaseline(Servers servers) {
        this.queue = new BrokerQueue(servers, "perftest");
    }

    @Override
    public String name() {
        return "(a) PerfTest baseline";
    }

    @Override
    public void warmUp(Settings settings) {
        perfTest(settings.brokerWarmUp());
    }

    @Override
    public List<Sample> run(Settings settings) {
        String output = perfTest(settings.brokerRun());
        double sent = number(SENT, output, 1);
        double received = number(RECEIVED, output, 1);
        if (sent <= 0 || received <= 0) {
            throw new IllegalStateException("PerfTest sent " + sent + " and received " + received + " msg/s:\n" + output);
        }
        double p50Ms = number(CONFIRM, output, 2) / 1000;
        double p99Ms = number(CONFIRM, output, 5) / 1000;
        return List.of(new Sample("a", "(a) PerfTest: 1 producer, confirm window 256", "msg/s", sent, p50Ms, p99Ms,
                "PerfTest " + java.util.Objects.requireNonNullElse(PerfTest.class.getPackage().getImplementationVersion(), "")
                        + "; quorum queue, persistent, mandatory, 512 B, 1 consumer (received "
                        + Math.round(received) + " msg/s); p50/p99 = confirm latency",
                null));
    }

    @Override
    public void close() {
        queue.delete();
    }

    private String perfTest(Duration duration) {
        var out = new ByteArrayOutputStream();
        String[] args = { "--uri", queue.uri(), "--producers", "1", "--consumers", "1", "--size", "512",
            "--flag", "persistent", "--flag", "mandatory", "--confirm", "256", "--quorum-queue",
            "--queue", queue.name(), "--time", String.valueOf(Math.max(1, duration.toSeconds())),
            "--id", "benchmarks" };
        PrintStream stdout = System.out;
        // PerfTest prints its progress ("starting producer") to System.out itself: stdout is for the table.
        System.setOut(System.err);
        try (var console = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            PerfTest.main(args, new PerfTest.PerfTestOptions().setConsoleOut(console).setConsoleErr(System.err)
                    .setSystemExiter(status -> {
                        if (status != 0) {
                            throw new IllegalStateException("PerfTest ended with status " + status);
                        }
                    }));
        }
        finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double number(Pattern pattern, String output, int group) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("PerfTest printed no " + pattern + ":\n" + output);
        }
        return Double.parseDouble(matcher.group(group));
    }
}
