package com.example.reliable.benchmarks.endtoend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;

/**
 * (j) Sustained load: do the queues stay bounded when orders come at a steady rate below capacity?
 * The warm-up posts as (i) does to warm the services up (16 clients for {@code capacityWarmUp}), then
 * measures the capacity as (i) does (16 clients for {@code capacityRun}, then every order awaited
 * through to CONFIRMED + shipment); each run then offers
 * {@code sustainedShare} of it (80 %) as an open-loop load, one order every {@code 1/rate} seconds
 * whether or not the earlier ones were answered, for {@code sustainedRun}. Meanwhile, every second,
 * it reads how many messages wait in each consumer queue. Afterwards it waits until every order is
 * through and keeps a ledger. It reports:
 * <ul>
 * <li>the rate offered and accepted, and the orders skipped because 64 requests were still under way;</li>
 * <li>the deepest any consumer queue got during the load, and how deep they were when it ended;</li>
 * <li>per order, order → CONFIRMED (p50, p99), from the services' own timestamps;</li>
 * <li>the ledger: orders accepted but not CONFIRMED with a CREATED shipment when all is done (lost),
 * units of stock taken beyond one per order (applied twice), dead letters.</li>
 * </ul>
 * {@code -Dbenchmarks.sustainedRate=<orders/s>} offers that rate instead. The services run as a user
 * starts them ({@link RunningServices#USER_JVM}), on a stand of this scenario's own.
 */
public final class SustainedLoad implements Scenario {

    private static final int MAX_OUTSTANDING = 64;

    private final ServicesStand stand;
    private double rate;

    public SustainedLoad(Servers servers) {
        this.stand = new ServicesStand(servers, RunningServices.USER_JVM);
    }

    @Override
    public String name() {
        return "(j) sustained load";
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        // First warm the JIT up, then measure: a cold JVM's capacity is a fraction of a warm one's.
        measureCapacity(settings, settings.capacityWarmUp());
        double capacity = measureCapacity(settings, settings.capacityRun());
        String asked = System.getProperty("benchmarks.sustainedRate", "");
        rate = asked.isBlank() ? settings.sustainedShare() * capacity : Double.parseDouble(asked);
        System.err.printf(Locale.ROOT, "[benchmarks] (j) capacity measured in the warm-up: %.0f orders/s through; "
                + "offering %.0f orders/s%n", capacity, rate);
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        long lastOrder = stand.lastOrderId();
        long stockBefore = stand.stockOfSku1();
        long deadLettersBefore = stand.deadLetters();
        Map<String, AtomicLong> deepest = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                stand.queueDepths().forEach((queue, depth) -> deepest.computeIfAbsent(queue, q -> new AtomicLong())
                        .accumulateAndGet(depth, Math::max));
            }
            catch (RuntimeException ex) {
                // one sample missed; a failure would otherwise stop the sampling silently
                System.err.println("[benchmarks] (j) could not read the queue depths: " + ex);
            }
        }, 0, 1, TimeUnit.SECONDS);
        OrderClients.Offered offered;
        Map<String, Long> atTheEnd;
        try {
            offered = OrderClients.offer(stand.orderService(), rate, settings.sustainedRun(), MAX_OUTSTANDING,
                    settings.requestTimeout());
            atTheEnd = stand.queueDepths();
        }
        finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        var outcome = offered.outcome();
        long orders = outcome.created();
        stand.awaitThrough(lastOrder, orders);

        long confirmed = stand.confirmedOrders(lastOrder);
        long shipments = stand.createdShipments(lastOrder);
        long taken = stockBefore - stand.stockOfSku1();
        long deadLetters = stand.deadLetters() - deadLettersBefore;
        long lost = Math.max(0, orders - Math.min(confirmed, shipments));
        long twice = Math.max(0, taken - orders) + Math.max(0, confirmed - orders) + Math.max(0, shipments - orders);
        var toConfirmed = new Latencies();
        stand.timesToConfirmedMicros(lastOrder).forEach(micros -> toConfirmed.recordNanos(micros * 1000));
        toConfirmed.snapshot();
        long maxDepth = deepest.values().stream().mapToLong(AtomicLong::get).max().orElse(0);

        String load = String.format(Locale.ROOT, "%.0f orders/s offered for %d s", rate, settings.sustainedRun().toSeconds());
        List<Sample> samples = new ArrayList<>();
        var post = outcome.latencies();
        samples.add(new Sample("j-accepted", "(j) POST /orders accepted, " + load, "orders/s",
                orders / settings.sustainedRun().toSeconds(), post.p50Ms(), post.p99Ms(),
                outcome.counts() + ", " + offered.skipped() + " skipped (" + MAX_OUTSTANDING
                        + " under way); p50/p99 = POST latency", null));
        samples.add(Sample.of("j-depth", "(j) deepest consumer queue during the load", "messages ready", maxDepth,
                "per queue, deepest: " + describe(deepest) + "; when the load ended: " + atTheEnd
                        + " (sampled every second; unacked ones, at most the prefetch, not counted)"));
        samples.add(new Sample("j-confirmed", "(j) order → CONFIRMED under sustained load", "ms (median)",
                toConfirmed.p50Ms(), toConfirmed.p50Ms(), toConfirmed.p99Ms(),
                toConfirmed.count() + " orders; order created_at → stock answer taken (received_at)", null));
        samples.add(Sample.of("j-ledger", "(j) ledger: lost + applied twice", "orders", lost + twice,
                orders + " accepted, " + confirmed + " CONFIRMED, " + shipments + " shipments CREATED, " + taken
                        + " units of stock taken, " + deadLetters + " dead letters; lost " + lost + ", twice " + twice));
        return samples;
    }

    /** Orders per second through to CONFIRMED + shipment, posted by closed-loop clients for {@code posting}. */
    private double measureCapacity(Settings settings, Duration posting) throws Exception {
        long lastOrder = stand.lastOrderId();
        long start = System.nanoTime();
        var outcome = OrderClients.placeFor(stand.orderService(), posting, settings.capacityClients(),
                settings.requestTimeout());
        stand.awaitThrough(lastOrder, outcome.created());
        return outcome.created() / ((System.nanoTime() - start) / 1e9);
    }

    private static String describe(Map<String, AtomicLong> deepest) {
        return deepest.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " " + entry.getValue().get()).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        stand.close();
    }
}
