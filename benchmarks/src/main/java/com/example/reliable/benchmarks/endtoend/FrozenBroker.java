package com.example.reliable.benchmarks.endtoend;

import java.time.Duration;
import java.util.List;

import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;

/**
 * (f) A frozen broker: the same kind of {@code POST /orders} load first against a healthy broker,
 * then while the broker accepts TCP and never answers ({@code TcpProxy.holdReplies()} then
 * {@code dropConnections()}: the live connections are gone, and a new one is accepted but never
 * gets the broker's handshake). Reports the POST latency of both and the ratio of their p99s. A
 * timed-out request counts at the timeout, so the frozen p99 is a lower bound. The broker's
 * replies are released afterwards and the run waits (bounded) until the services have caught up.
 * Nothing about the frozen phase's status codes is asserted: the row reports them.
 */
public final class FrozenBroker implements Scenario {

    private static final int HEALTHY_CLIENTS = 4;

    private final ServicesStand stand;

    public FrozenBroker(ServicesStand stand) {
        this.stand = stand;
    }

    @Override
    public String name() {
        return "(f) frozen broker";
    }

    @Override
    public void warmUp(Settings settings) {
        stand.services(); // warmed up by (d)
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        var healthy = OrderClients.place(stand.orderService(), settings.healthyRequests(), HEALTHY_CLIENTS,
                settings.requestTimeout());
        int frozenClients = Math.min(HEALTHY_CLIENTS, settings.frozenRequests());
        OrderClients.Outcome frozen;
        stand.proxy().holdReplies();
        stand.proxy().dropConnections();
        try {
            frozen = OrderClients.place(stand.orderService(), settings.frozenRequests(), frozenClients,
                    settings.requestTimeout());
        }
        finally {
            stand.proxy().releaseReplies();
        }
        boolean recovered = Waiting.until(Duration.ofSeconds(90), () -> stand.sending() == 0);
        String timeout = settings.requestTimeout().toSeconds() + " s";
        return List.of(
                new Sample("f-healthy", "(f) POST /orders, healthy broker, " + HEALTHY_CLIENTS + " clients",
                        "ms POST p99", healthy.latencies().p99Ms(), healthy.latencies().p50Ms(),
                        healthy.latencies().p99Ms(), healthy.counts(), null),
                new Sample("f-frozen", "(f) POST /orders, frozen broker, " + frozenClients + " clients", "ms POST p99",
                        frozen.latencies().p99Ms(), frozen.latencies().p50Ms(), frozen.latencies().p99Ms(),
                        frozen.counts() + " (timeout " + timeout + ", counted at " + timeout + ")"
                                + (recovered ? "; store empty again after release" : "; store NOT empty 90 s after release"),
                        Ratio.p99To("f-healthy")));
    }
}
