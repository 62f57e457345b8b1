package com.example.reliable.benchmarks.endtoend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;

/**
 * (d) End to end: {@code POST /orders} at each fixed concurrency, timed from the first request
 * until logistics' database holds a shipment for every order (polled every 50 ms, so up to 50 ms
 * late). Reports orders/s with the POST latency, and the time from each order's creation to its
 * shipment's (both timestamps written by the services, read back in one SQL query). A run is sound
 * only if every POST got a 201 and every order got its shipment; otherwise it throws.
 */
public final class EndToEnd implements Scenario {

    private final ServicesStand stand;

    public EndToEnd(ServicesStand stand) {
        this.stand = stand;
    }

    /** The row id of concurrency {@code c}'s throughput, e.g. {@code d-16}. */
    public static String row(int concurrency) {
        return "d-" + concurrency;
    }

    @Override
    public String name() {
        return "(d) end to end";
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        stand.services();
        placeAndAwaitShipments(settings, settings.warmUpOrders(), 4);
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int concurrency : settings.concurrencies()) {
            long lastOrder = stand.lastOrderId();
            var measured = placeAndAwaitShipments(settings, settings.orders(), concurrency);
            var toShipment = new Latencies();
            stand.timesToShipmentMicros(lastOrder).forEach(micros -> toShipment.recordNanos(micros * 1000));
            toShipment.snapshot();
            var post = measured.outcome().latencies();
            samples.add(new Sample(row(concurrency), "(d) POST /orders → shipment, " + concurrency + " clients",
                    "orders/s", settings.orders() / measured.seconds(), post.p50Ms(), post.p99Ms(),
                    measured.outcome().counts() + ", " + settings.orders() + " shipments; p50/p99 = POST latency",
                    null));
            samples.add(new Sample(row(concurrency) + "-ship", "(d) order → shipment, " + concurrency + " clients",
                    "ms (median)", toShipment.p50Ms(), toShipment.p50Ms(), toShipment.p99Ms(),
                    toShipment.count() + " orders; order created_at → shipment updated_at, services' clocks", null));
        }
        return samples;
    }

    /** What one batch took: from the first POST until the last shipment was seen. */
    record Measured(OrderClients.Outcome outcome, double seconds) {
    }

    private Measured placeAndAwaitShipments(Settings settings, int orders, int concurrency) throws Exception {
        long shipmentsBefore = stand.shipments();
        long start = System.nanoTime();
        var outcome = OrderClients.place(stand.orderService(), orders, concurrency, settings.requestTimeout());
        if (outcome.created() != orders) {
            throw new IllegalStateException("Not every order was accepted: " + outcome.counts());
        }
        long expected = shipmentsBefore + orders;
        if (!Waiting.until(Duration.ofSeconds(60 + orders / 10), () -> stand.shipments() >= expected)) {
            throw new IllegalStateException("Only " + (stand.shipments() - shipmentsBefore) + " of " + orders
                    + " shipments arrived");
        }
        return new Measured(outcome, (System.nanoTime() - start) / 1e9);
    }
}
