package com.example.reliable.benchmarks.endtoend;

import java.time.Duration;

/**
 * Polls a condition (every 50 ms unless said otherwise) until it holds or a limit passes: every wait
 * in a scenario is bounded.
 */
final class Waiting {

    /** A condition that may fail to be read. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Waiting() {
    }

    /** @return whether the condition held before the limit */
    static boolean until(Duration limit, Condition condition) throws Exception {
        return until(limit, Duration.ofMillis(50), condition);
    }

    /** @return whether the condition held before the limit, polled every {@code interval} */
    static boolean until(Duration limit, Duration interval, Condition condition) throws Exception {
        long giveUp = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > giveUp) {
                return false;
            }
            Thread.sleep(interval.toMillis());
        }
        return true;
    }
}
