package com.example.reliable.benchmarks.endtoend;

import java.time.Duration;
import java.util.List;

import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;

/**
 * (e) The drain: the broker is cut off ({@code TcpProxy.cut()}: order-service's connection dropped,
 * new ones refused), N orders are placed so that N records wait SENDING in Redis, then the broker
 * is {@code restore()}d and the time until the store is empty is measured (Redis polled every
 * 50 ms). Everything but the first publish attempt is the compensation job's work: with
 * application.yml's settings it claims batches of 500 back to back while records are due, and
 * sleeps its {@code job-interval} (2 s) only when none is, so up to one interval passes before it
 * notices that the broker is back. A run is sound only if all N POSTs got a 201, all N records were
 * waiting, the store ended empty and every order got its shipment; otherwise it throws.
 */
public final class Drain implements Scenario {

    private final ServicesStand stand;

    public Drain(ServicesStand stand) {
        this.stand = stand;
    }

    @Override
    public String name() {
        return "(e) drain after an outage";
    }

    @Override
    public void warmUp(Settings settings) {
        stand.services(); // warmed up by (d)
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        int orders = settings.drainOrders();
        if (!Waiting.until(Duration.ofSeconds(60), () -> stand.sending() == 0)) {
            throw new IllegalStateException(stand.sending() + " records were still SENDING before the outage");
        }
        long shipmentsBefore = stand.shipments();
        stand.proxy().cut();
        OrderClients.Outcome outcome;
        try {
            outcome = OrderClients.place(stand.orderService(), orders, 16, settings.requestTimeout());
        }
        finally {
            // Measured from here on; restored in any case, so a failure does not leave the broker cut off.
            stand.proxy().restore();
        }
        long restored = System.nanoTime();
        long waiting = stand.sending();
        if (outcome.created() != orders || waiting != orders) {
            throw new IllegalStateException("Outage: " + outcome.counts() + ", " + waiting + " records SENDING");
        }
        if (!Waiting.until(Duration.ofSeconds(60 + orders / 10), () -> stand.sending() == 0)) {
            throw new IllegalStateException(stand.sending() + " of " + orders + " records still SENDING");
        }
        double seconds = (System.nanoTime() - restored) / 1e9;
        boolean shipped = Waiting.until(Duration.ofSeconds(60 + orders / 20),
                () -> stand.shipments() >= shipmentsBefore + orders);
        if (!shipped) {
            throw new IllegalStateException("Only " + (stand.shipments() - shipmentsBefore) + " of " + orders
                    + " shipments after the drain");
        }
        return List.of(Sample.of("e", "(e) drain " + orders + " SENDING records", "records/s", orders / seconds,
                String.format("store empty %.1f s after restore(), incl. up to one job-interval (2 s) before the job "
                        + "looks; POSTs while cut: %s, p99 %.0f ms", seconds, outcome.counts(),
                        outcome.latencies().p99Ms()))
                .withRatio(Ratio.valueTo(EndToEnd.row(settings.concurrencies().get(settings.concurrencies().size() - 1)))));
    }
}
