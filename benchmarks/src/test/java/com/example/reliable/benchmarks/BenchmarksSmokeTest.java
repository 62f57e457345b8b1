package com.example.reliable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every scenario in smoke mode, against the loopback servers, as CI runs it. Each scenario checks its
 * own outcome and fails its run otherwise: (a) PerfTest sent and received, (b) every record sent
 * through the reliable path was removed on its confirm and its message reached the consumer, (c) with confirms,
 * every published message reached the consumer and none was returned or nacked (without confirms a
 * loss is reported, not failed), (d) every POST got a 201 and every
 * order its shipment, (e) every record waited while the broker was cut off and the store ended
 * empty, (g) every guarded update changed its row, (i) every accepted order was CONFIRMED and got its
 * shipment, and on Linux the CPU of every service, the broker and the database was read. (f) only has
 * to finish and report. This test
 * asserts that no scenario failed and that every row is there.
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyScenarioRunsAndReportsItsRows() throws Exception {
        var report = Benchmarks.run(Settings.smoke(), Benchmarks.projectRoot());
        System.out.print(report.table());

        assertThat(report.rows()).filteredOn(row -> row.metric().equals("failed")).isEmpty();
        assertThat(report.failures()).isZero();
        assertThat(report.rows()).extracting(Row::id).containsExactly("a", "b", "b-jdbc", "c-none", "c-wait", "c-async",
                "d-4", "d-4-ship", "d-16", "d-16-ship", "e", "f-healthy", "f-frozen", "g-lock-off", "g-lock",
                "g-lock-cost", "g-tcheck-off", "g-tcheck", "g-tcheck-cost", "h-plain", "h-partitioned", "i-intake",
                "i-through", "i-confirmed", "i-shipment", "i-cpu", "i-cpu-order", "i-cpu-logistics", "i-cpu-inventory",
                "i-cpu-rabbitmq", "i-cpu-mariadb", "i-cpu-redis", "i-cpu-load-generator", "j-accepted", "j-depth",
                "j-confirmed", "j-ledger");
        List<String> rates = List.of("a", "b", "b-jdbc", "c-none", "c-wait", "c-async", "d-4", "d-16", "e", "h-plain",
                "h-partitioned", "i-intake", "i-through", "j-accepted", "j-confirmed");
        assertThat(report.rows()).filteredOn(row -> rates.contains(row.id())).allSatisfy(row -> assertThat(row.median())
                .isPositive());
        assertThat(report.rows()).filteredOn(row -> row.id().equals("b")).singleElement()
                .satisfies(row -> assertThat(row.ratioValue()).isPositive());
        assertThat(report.rows()).filteredOn(row -> row.id().equals("b-jdbc")).singleElement()
                .satisfies(row -> assertThat(row.ratioText()).contains("b"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("c-async")).singleElement()
                .satisfies(row -> assertThat(row.ratioValue()).isPositive());
        assertThat(report.rows()).filteredOn(row -> row.id().equals("f-frozen")).singleElement()
                .satisfies(row -> assertThat(row.ratioText()).contains("f-healthy"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("i-through")).singleElement()
                .satisfies(row -> assertThat(row.ratioText()).contains("i-intake"));
        // The sustained load loses nothing and applies nothing twice.
        assertThat(report.rows()).filteredOn(row -> row.id().equals("j-ledger")).singleElement()
                .satisfies(row -> assertThat(row.median()).as(row.notes()).isZero());
        if (Files.isDirectory(Path.of("/proc/self"))) { // Linux: every process's CPU time can be read
            List<String> cpu = List.of("i-cpu", "i-cpu-order", "i-cpu-logistics", "i-cpu-inventory", "i-cpu-rabbitmq",
                    "i-cpu-mariadb", "i-cpu-load-generator");
            assertThat(report.rows()).filteredOn(row -> cpu.contains(row.id()))
                    .allSatisfy(row -> assertThat(row.median()).as(row.id()).isPositive());
        }
    }
}
