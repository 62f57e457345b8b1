package com.example.reliable.benchmarks;

import java.util.List;

/**
 * One benchmark scenario: a small class that knows how to warm its subject up and how to measure it
 * once. The harness ({@link ScenarioRunner}) calls {@link #warmUp} once, then {@link #run} once per
 * repetition, and reports the median and the min–max of each row over the repetitions.
 * <p>
 * A run is bounded: it measures a fixed duration or a fixed count from {@link Settings}, and gives
 * up by itself (with an exception) rather than wait for ever. A scenario creates its queues,
 * databases and keys under a name of its own and deletes them in {@link #close()}.
 * <p>
 * Adding a scenario is adding one class and one line in {@link Benchmarks#scenarios}.
 */
public interface Scenario extends AutoCloseable {

    /** A short name for logs, e.g. {@code "(a) PerfTest baseline"}. */
    String name();

    /** Runs the subject briefly, unmeasured, so that JIT, connections and caches are warm. */
    void warmUp(Settings settings) throws Exception;

    /**
     * Measures once.
     *
     * @return one {@link Sample} per row this scenario reports (the same rows every repetition)
     */
    List<Sample> run(Settings settings) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
