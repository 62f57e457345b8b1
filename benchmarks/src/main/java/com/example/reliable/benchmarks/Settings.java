package com.example.reliable.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How much each scenario measures; {@link #full()} and {@link #smoke()} are the two sizes.
 *
 * @param mode which of the two this is
 * @param repetitions measured runs of each scenario, after one warm-up
 * @param brokerWarmUp how long the broker scenarios (a, c) publish before measuring
 * @param brokerRun how long they publish in each measured run
 * @param warmUpOrders orders placed to warm the three services up (d)
 * @param orders orders placed per concurrency and repetition (d)
 * @param concurrencies the numbers of concurrent HTTP clients (d)
 * @param drainOrders orders placed while the broker is cut off, drained when it is back (e)
 * @param healthyRequests orders placed against a healthy broker, the comparison for (f)
 * @param frozenRequests orders placed against a frozen broker (f)
 * @param requestTimeout how long a client waits for one {@code POST /orders}
 * @param guardWarmUp messages applied to warm each guard scenario up (g)
 * @param guardMessages messages applied per measured run (g)
 * @param capacityWarmUp how long the clients post to warm the services up before (i) measures
 * @param capacityRun how long the clients post in each measured run of (i)
 * @param capacityClients the concurrent HTTP clients of (i)
 * @param sustainedRun how long (j) offers its steady load in each measured run
 * @param sustainedShare the share of the capacity (measured in (j)'s warm-up) that (j) offers
 */
public record Settings(Mode mode, int repetitions, Duration brokerWarmUp, Duration brokerRun, int warmUpOrders,
        int orders, List<Integer> concurrencies, int drainOrders, int healthyRequests, int frozenRequests,
        Duration requestTimeout, int guardWarmUp, int guardMessages, Duration capacityWarmUp, Duration capacityRun,
        int capacityClients, Duration sustainedRun, double sustainedShare) {

    /** Several minutes: a warm-up and three repetitions of everything. */
    public static Settings full() {
        return new Settings(Mode.FULL, 3, Duration.ofSeconds(3), Duration.ofSeconds(6), 200, 1000, List.of(4, 16),
                5000, 200, 200, Duration.ofSeconds(15), 500, 3000, Duration.ofSeconds(60), Duration.ofSeconds(40), 16,
                Duration.ofSeconds(120), 0.8);
    }

    /** Seconds per scenario: one repetition of tiny sizes, to prove that each scenario works. */
    public static Settings smoke() {
        return new Settings(Mode.SMOKE, 1, Duration.ofMillis(500), Duration.ofSeconds(2), 20, 40, List.of(4, 16),
                50, 20, 20, Duration.ofSeconds(5), 50, 200, Duration.ofSeconds(2), Duration.ofSeconds(3), 16,
                Duration.ofSeconds(3), 0.8);
    }

    public static Settings of(Mode mode) {
        return mode == Mode.FULL ? full() : smoke();
    }
}
