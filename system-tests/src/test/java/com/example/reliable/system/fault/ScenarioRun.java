package com.example.reliable.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.example.reliable.system.fault.FaultReport.Details;
import com.example.reliable.system.fault.FaultReport.Row;
import com.example.reliable.system.fault.LoadGenerator.PlacedOrder;
import com.example.reliable.system.fault.OperatorApi.MessageRecord;

/**
 * One scenario, start to row: load and fault together, then the recovery window, then the ledger.
 * <ol>
 * <li>{@link #withLoad}: the clients place (and cancel) orders while the fault is injected in this
 * thread;</li>
 * <li>{@link #settle}: the system gets up to {@link FaultSize#recoveryWindow()} to deliver
 * everything; the ledger is checked every second until every order has its effects, no record is
 * SENDING and the consumers' queues are empty. A record that went FAILED is listed with its last
 * error and retried once, as the operator's runbook says;</li>
 * <li>the last verdict, the dead-letter queues and the duplicates skipped meanwhile make the row.</li>
 * </ol>
 */
final class ScenarioRun {

    /** The fault, injected while the load runs. */
    interface Fault {
        void inject() throws Exception;
    }

    private final FaultStand stand;
    private final String name;
    private final String fault;
    private final Instant started = Instant.now();
    private final long duplicatesBefore;
    private final long logLinesBefore;
    private final Map<String, Integer> imbalanceBefore;
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int refused;

    ScenarioRun(FaultStand stand, String name, String fault) {
        this.stand = stand;
        this.name = name;
        this.fault = fault;
        this.duplicatesBefore = stand.duplicates().total();
        this.logLinesBefore = stand.duplicates().logLines();
        this.imbalanceBefore = stand.ledger().stockImbalance();
        System.out.println("=== Fault scenario " + name + ": " + fault);
    }

    /** Places {@code orders} orders over {@code spread}, cancelling every {@code cancelEvery}-th, while {@code fault} runs. */
    List<PlacedOrder> withLoad(int orders, Duration spread, int cancelEvery, Fault fault) throws Exception {
        var load = stand.load().start(stand.runId() + "-" + name.replaceAll("[^a-z0-9]+", "-"), orders, spread,
                cancelEvery);
        List<PlacedOrder> accepted;
        try {
            fault.inject();
        }
        finally {
            // Also when the fault threw: the clients finish (bounded) before anything else happens.
            accepted = load.await(spread.plus(FaultStand.CLIENT_PATIENCE).plusSeconds(30));
            refused = load.refused();
        }
        if (refused > 0) {
            note(refused + " orders got no 201 within the client's patience (not in the ledger)");
        }
        return accepted;
    }

    void note(String note) {
        notes.add(note);
        System.out.println("    " + name + ": " + note);
    }

    /** Lists FAILED records found by the scenario itself (the operator's view). */
    void noteFailed(List<MessageRecord> records) {
        records.forEach(record -> failed.putIfAbsent(record.id(), describe(record)));
    }

    /** Waits for the system to settle (bounded by the recovery window), then books the row. */
    Row settle(List<PlacedOrder> orders) throws InterruptedException {
        return settle(orders, stand.size().recoveryWindow());
    }

    /** As {@link #settle(List)}, within {@code window}: for a scenario expected not to settle (orders lost). */
    Row settle(List<PlacedOrder> orders, Duration window) throws InterruptedException {
        Instant deadline = Instant.now().plus(window);
        Ledger.Verdict verdict = null;
        while (true) {
            try {
                verdict = stand.ledger().check(orders);
                for (MessageRecord record : verdict.failed()) {
                    if (failed.putIfAbsent(record.id(), describe(record)) == null) {
                        note("FAILED " + describe(record) + "; retried through the operator API: "
                                + stand.operator().retry(record.id()));
                    }
                }
                if (verdict.settled() && verdict.failed().isEmpty() && stand.consumerQueuesIdle()) {
                    break;
                }
            }
            catch (RuntimeException ex) {
                note("ledger not readable yet: " + ex.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                note("recovery window of " + window.toSeconds() + " s ran out");
                break;
            }
            Thread.sleep(1000);
        }
        return book(orders, verdict);
    }

    private Row book(List<PlacedOrder> orders, Ledger.Verdict verdict) {
        if (verdict == null) {
            throw new IllegalStateException("The ledger could not be read at all in " + name);
        }
        var deadLetters = stand.deadLetters().drain();
        Map<String, Integer> imbalance = new LinkedHashMap<>();
        verdict.stockImbalance().forEach((product, units) -> {
            int change = units - imbalanceBefore.getOrDefault(product, 0);
            if (change != 0) {
                imbalance.put(product, change);
            }
        });
        int imbalanceUnits = imbalance.values().stream().mapToInt(Math::abs).sum();
        List<String> doubles = new ArrayList<>(verdict.doubles());
        if (imbalanceUnits > 0) {
            doubles.add("stock off by " + imbalance + " units");
        }
        var details = new Details(verdict.lost(), doubles,
                verdict.sending().stream().map(ScenarioRun::describe).toList(), List.copyOf(failed.values()),
                deadLetters, stand.duplicates().logLines() - logLinesBefore,
                stand.tap().resendsRouted(orders.stream().map(PlacedOrder::id).collect(Collectors.toSet())), imbalance, notes);
        var row = new Row(name, fault, orders.size(), refused, verdict.lost().size(),
                verdict.doubles().size() + imbalanceUnits, verdict.sending().size(), failed.size(),
                stand.duplicates().total() - duplicatesBefore, deadLetters.size(),
                Duration.between(started, Instant.now()).toSeconds(), details);
        stand.report().add(row);
        System.out.println(stand.report().table());
        return row;
    }

    /** Fails unless the row is clean (orders accepted, none lost, none applied twice, none stranded), with the table. */
    static void assertClean(FaultStand stand, Row row) {
        assertThat(row.clean())
                .as("%s: %d accepted, %d lost, %d double effects, %d stranded; details %s%n%s", row.scenario(),
                        row.accepted(), row.lost(), row.doubleEffects(), row.stranded(), row.details(),
                        stand.report().table())
                .isTrue();
    }

    private static String describe(MessageRecord record) {
        return record.type() + " " + record.id() + " of order " + record.orderId() + " (" + record.status() + ", "
                + record.attempts() + " failed attempts, last error: " + record.lastError() + ")";
    }
}
