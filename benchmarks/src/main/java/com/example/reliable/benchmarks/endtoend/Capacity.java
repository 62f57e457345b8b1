package com.example.reliable.benchmarks.endtoend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;

/**
 * (i) End-to-end capacity: do the consumers keep up with the intake? {@code capacityClients} clients
 * post orders for {@code capacityRun}; then the scenario waits until every accepted order is
 * CONFIRMED in order-service (inventory's answer taken) and has a CREATED shipment in logistics
 * (polled every 100 ms). It reports:
 * <ul>
 * <li>the intake: orders accepted per second of posting, with the POST latency;</li>
 * <li>the throughput through to CONFIRMED + shipment: the orders over the time from the first POST
 * until the last of them was through, and its ratio to the intake (below 1: the queues grew while
 * the load lasted);</li>
 * <li>per order, the time from its creation to CONFIRMED and to its shipment (timestamps written by
 * the services);</li>
 * <li>the CPU milliseconds per order of every process, from the first POST until the last order was
 * through ({@link ProcessCpu}): each service, RabbitMQ, MariaDB, Redis, and all of them together
 * (the load generator, this JVM, is reported apart).</li>
 * </ul>
 * The services run as a user starts them ({@link RunningServices#USER_JVM}: {@code java -Xmx512m
 * -jar}, the default compilers), unlike (d), whose stand starts them as the tests do (C1 only). This
 * scenario has a stand of its own and stops the shared one first, so that idle services of (d)–(f)
 * neither poll the broker and the database meanwhile nor hold memory.
 * <p>
 * {@code -Dbenchmarks.profile=<directory>} makes each service's JVM record a JFR profile
 * ({@code settings=profile}) into that directory, one file per process ({@code hotspot-pid-<pid>-…}),
 * written when the services stop; the log names each service's pid.
 * {@code -Dbenchmarks.traceSampling=<probability>} starts the services with that trace sampling
 * ({@code management.tracing.sampling.probability}) instead of their own setting (1.0); the intake
 * row's note says which one ran.
 */
public final class Capacity implements Scenario {

    private static final List<String> SERVICES = RunningServices.SERVICES;

    private final ServicesStand shared;
    private final ServicesStand stand;

    public Capacity(Servers servers, ServicesStand shared) {
        this.shared = shared;
        this.stand = new ServicesStand(servers, jvmOptions());
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(RunningServices.USER_JVM);
        traceSampling().ifPresent(probability -> options.add("-Dmanagement.tracing.sampling.probability=" + probability));
        String profile = System.getProperty("benchmarks.profile", "");
        if (profile.isBlank()) {
            return options;
        }
        try {
            Path directory = Files.createDirectories(Path.of(profile)).toAbsolutePath();
            options.add("-XX:StartFlightRecording=filename=" + directory + ",settings=profile");
            return options;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write profiles to " + profile, ex);
        }
    }

    /** {@code -Dbenchmarks.traceSampling}: the services' trace sampling, if not their own setting's. */
    private static Optional<String> traceSampling() {
        return Optional.ofNullable(System.getProperty("benchmarks.traceSampling")).filter(value -> !value.isBlank());
    }

    /** The trace sampling the services ran with, for the rows' notes. */
    static String traceSamplingNote() {
        return "trace sampling " + traceSampling().orElse("1.0 (the services' setting)");
    }

    @Override
    public String name() {
        return "(i) end-to-end capacity";
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        shared.close();
        stand.services();
        if (!System.getProperty("benchmarks.profile", "").isBlank()) {
            System.err.println("[benchmarks] (i) JFR profiles in " + System.getProperty("benchmarks.profile") + ": "
                    + SERVICES.stream().map(service -> service + " pid " + stand.pid(service))
                            .collect(Collectors.joining(", ")));
        }
        placeAndAwaitThrough(settings, settings.capacityWarmUp());
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        var measured = placeAndAwaitThrough(settings, settings.capacityRun());
        long orders = measured.outcome().created();
        String clients = settings.capacityClients() + " clients, " + settings.capacityRun().toSeconds() + " s";

        List<Sample> samples = new ArrayList<>();
        var post = measured.outcome().latencies();
        samples.add(new Sample("i-intake", "(i) POST /orders accepted, " + clients, "orders/s",
                orders / measured.outcome().seconds(), post.p50Ms(), post.p99Ms(),
                measured.outcome().counts() + "; p50/p99 = POST latency; services: java -Xmx512m -jar, "
                        + traceSamplingNote(), null));
        samples.add(Sample.of("i-through", "(i) through to CONFIRMED + shipment CREATED", "orders/s",
                orders / measured.seconds(), orders + " orders, first POST → last one through "
                        + String.format(Locale.ROOT, "%.1f", measured.seconds()) + " s").withRatio(Ratio.valueTo("i-intake")));
        samples.add(latencyRow("i-confirmed", "(i) order → CONFIRMED", measured.toConfirmed(),
                "order created_at → stock answer taken (received_at), services' clocks"));
        samples.add(latencyRow("i-shipment", "(i) order → shipment CREATED", measured.toShipment(),
                "order created_at → shipment updated_at, services' clocks"));

        ProcessCpu.Usage cpu = measured.cpu();
        double total = cpu.system();
        String shares = cpu.millis().entrySet().stream().filter(entry -> !entry.getKey().equals("load generator"))
                .map(entry -> entry.getKey() + " " + percent(entry.getValue(), total))
                .collect(Collectors.joining(", "));
        samples.add(Sample.of("i-cpu", "(i) CPU per order, every process but the clients", "ms/order", total / orders,
                shares + (cpu.notFound().isEmpty() ? "" : "; not found: " + String.join(", ", cpu.notFound()))));
        cpu.millis().forEach((component, millis) -> samples.add(Sample.of("i-cpu-" + rowId(component),
                "(i) CPU per order: " + component, "ms/order", millis / orders,
                cpu.found(component) ? "/proc/<pid>/stat user + system" : "no such process found")));
        return samples;
    }

    private static Sample latencyRow(String row, String label, Latencies latencies, String notes) {
        return new Sample(row, label, "ms (median)", latencies.p50Ms(), latencies.p50Ms(), latencies.p99Ms(),
                latencies.count() + " orders; " + notes, null);
    }

    private static String percent(double part, double whole) {
        return String.format(Locale.ROOT, "%.0f %%", whole == 0 ? 0 : 100 * part / whole);
    }

    private static String rowId(String component) {
        return component.toLowerCase(Locale.ROOT).replace("-service", "").replace(' ', '-');
    }

    /** One batch: what the clients saw, the seconds until every order was through, the times and the CPU. */
    record Measured(OrderClients.Outcome outcome, double seconds, Latencies toConfirmed, Latencies toShipment,
            ProcessCpu.Usage cpu) {
    }

    private Measured placeAndAwaitThrough(Settings settings, Duration posting) throws Exception {
        long lastOrder = stand.lastOrderId();
        Map<String, Long> pids = new LinkedHashMap<>();
        SERVICES.forEach(service -> pids.put(service, stand.pid(service)));
        var cpu = new ProcessCpu(pids);
        var before = cpu.read();
        long start = System.nanoTime();
        var outcome = OrderClients.placeFor(stand.orderService(), posting, settings.capacityClients(),
                settings.requestTimeout());
        if (outcome.created() != outcome.sent()) {
            throw new IllegalStateException("Not every order was accepted: " + outcome.counts());
        }
        long orders = outcome.created();
        stand.awaitThrough(lastOrder, orders);
        double seconds = (System.nanoTime() - start) / 1e9;
        var used = cpu.read().since(before);
        var toConfirmed = new Latencies();
        stand.timesToConfirmedMicros(lastOrder).forEach(micros -> toConfirmed.recordNanos(micros * 1000));
        var toShipment = new Latencies();
        stand.timesToShipmentMicros(lastOrder).forEach(micros -> toShipment.recordNanos(micros * 1000));
        return new Measured(outcome, seconds, toConfirmed.snapshot(), toShipment.snapshot(), used);
    }

    @Override
    public void close() {
        stand.close();
    }
}
