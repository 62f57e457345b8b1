package com.example.reliable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

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
 * empty, (g) every guarded update changed its row. (f) only has to finish and report. This test
 * asserts that no scenario failed and that every row is there.
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyScenarioRunsAndReportsItsRows() throws Exception {
        var report = Benchmarks.run(Settings.smoke(), Benchmarks.projectRoot());
        System.out.print(report.table());

        assertThat(report.rows()).filteredOn(row -> row.metric().equals("failed")).isEmpty();
        assertThat(report.failures()).isZero();
        assertThat(report.rows()).extracting(Row::id).containsExactly("a", "b", "b-jdbc", "c-none", "c-wait", "c-async",
                "d-4", "d-4-ship", "d-16", "d-16-ship", "e", "f-healthy", "f-frozen", "g-lock-off", "g-lock",
                "g-lock-cost", "g-tcheck-off", "g-tcheck", "g-tcheck-cost", "h-plain", "h-partitioned");
        List<String> rates = List.of("a", "b", "b-jdbc", "c-none", "c-wait", "c-async", "d-4", "d-16", "e", "h-plain",
                "h-partitioned");
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
    }
}
