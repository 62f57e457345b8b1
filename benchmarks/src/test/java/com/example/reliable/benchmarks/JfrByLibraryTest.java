package com.example.reliable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;

/**
 * A recording of this JVM while one of the project's own methods burns CPU through JDK calls: the
 * samples are charged to the project, the caller, not to the JDK methods it calls.
 */
class JfrByLibraryTest {

    @Test
    void chargesEachSampleToTheTopMostFrameOutsideTheJdk(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("burn.jfr");
        try (var recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            burn(Duration.ofSeconds(2));
            recording.stop();
            recording.dump(file);
        }

        Map<String, Long> samples = JfrByLibrary.byLibrary(file);

        long total = samples.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isPositive();
        assertThat(samples.getOrDefault("this project", 0L)).as("%s", samples).isGreaterThan(total / 2);
    }

    /** Busy in JDK code (string building, hashing) called from here. */
    private static long burn(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long sum = 0;
        while (System.nanoTime() < end) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                text.append(i);
            }
            sum += text.toString().hashCode();
        }
        return sum;
    }
}
