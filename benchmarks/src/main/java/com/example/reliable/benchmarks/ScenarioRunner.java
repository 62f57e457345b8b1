package com.example.reliable.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * Runs each scenario: one warm-up, then {@link Settings#repetitions()} measured runs, each of whose
 * samples goes to {@link Rows}. A scenario that fails is reported as a row of its own, with the
 * failure as its note, and the others go on; {@link #failures()} tells the caller.
 */
final class ScenarioRunner {

    private final Settings settings;
    private final Rows rows = new Rows();
    private int failures;

    ScenarioRunner(Settings settings) {
        this.settings = settings;
    }

    void run(Scenario scenario) {
        long start = System.nanoTime();
        // A JVM stopped mid-scenario (Ctrl-C) still deletes the scenario's queues and databases.
        Thread cleanUp = new Thread(() -> closeQuietly(scenario), "benchmarks-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try (scenario) {
            log("%s: warm-up", scenario.name());
            scenario.warmUp(settings);
            for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
                List<Sample> samples = scenario.run(settings);
                samples.forEach(rows::add);
                log("%s: run %d of %d: %s", scenario.name(), repetition, settings.repetitions(), samples.stream()
                        .map(s -> s.row() + " " + Format.number(s.value()) + " " + s.metric()).toList());
            }
        }
        catch (Exception ex) {
            failures++;
            rows.add(Sample.of("failed-" + scenario.name(), scenario.name(), "failed", Double.NaN, ex.toString()));
            log("%s: FAILED: %s", scenario.name(), ex);
            ex.printStackTrace();
        }
        finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
            catch (IllegalStateException ex) {
                // the JVM is shutting down: the hook runs
            }
        }
        log("%s: done in %d s", scenario.name(), Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    List<Row> rows() {
        return rows.withRatios();
    }

    int failures() {
        return failures;
    }

    private static void closeQuietly(Scenario scenario) {
        try {
            scenario.close();
        }
        catch (Exception ex) {
            log("%s: clean-up failed: %s", scenario.name(), ex);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[benchmarks] " + format + "%n", args);
    }
}
