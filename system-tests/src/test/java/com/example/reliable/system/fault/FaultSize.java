package com.example.reliable.system.fault;

import java.time.Duration;

/**
 * How hard the suite pushes: {@code quick} (the default, part of {@code ./mvnw verify}: a few dozen
 * orders per scenario, two kill cycles) or {@code long} ({@code -Dfault.size=long} or
 * {@code FAULT_SIZE=long}: more orders over a longer time, more kill cycles, longer outages).
 *
 * @param orders orders placed per scenario
 * @param spacing time between two orders of one scenario
 * @param cycles how many times a repeated fault (broker kill, connection close) is injected
 * @param pause how long the broker stays frozen (longer than two heartbeats of 5 s)
 * @param outage how long a server or a database connection stays away
 * @param recoveryWindow how long the system gets after the last fault to settle every order
 */
record FaultSize(String name, int orders, Duration spacing, int cycles, Duration pause, Duration outage,
        Duration recoveryWindow) {

    static final FaultSize QUICK = new FaultSize("quick", 24, Duration.ofMillis(400), 2, Duration.ofSeconds(12),
            Duration.ofSeconds(4), Duration.ofSeconds(60));

    static final FaultSize LONG = new FaultSize("long", 150, Duration.ofMillis(300), 5, Duration.ofSeconds(20),
            Duration.ofSeconds(15), Duration.ofSeconds(120));

    /** {@code -Dfault.size}, else {@code FAULT_SIZE}, else quick. */
    static FaultSize fromEnvironment() {
        String name = System.getProperty("fault.size", System.getenv().getOrDefault("FAULT_SIZE", "quick"));
        return switch (name) {
            case "quick" -> QUICK;
            case "long" -> LONG;
            default -> throw new IllegalArgumentException("fault.size must be quick or long, was " + name);
        };
    }

    /** How long one scenario's orders take to place. */
    Duration spread() {
        return spacing.multipliedBy(orders);
    }
}
