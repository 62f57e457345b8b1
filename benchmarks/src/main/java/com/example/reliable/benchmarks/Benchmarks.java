package com.example.reliable.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.example.reliable.benchmarks.broker.PerfTestBaseline;
import com.example.reliable.benchmarks.broker.PlainPublishing;
import com.example.reliable.benchmarks.endtoend.Capacity;
import com.example.reliable.benchmarks.endtoend.SustainedLoad;
import com.example.reliable.benchmarks.endtoend.Drain;
import com.example.reliable.benchmarks.endtoend.EndToEnd;
import com.example.reliable.benchmarks.endtoend.FrozenBroker;
import com.example.reliable.benchmarks.endtoend.ServicesStand;
import com.example.reliable.benchmarks.guards.GuardCost;
import com.example.reliable.benchmarks.guards.TCheckPartitioning;
import com.example.reliable.benchmarks.publishing.ReliablePath;
import com.example.reliable.publishing.ReliablePublishingProperties.Store;
import com.example.reliable.system.RunningServices;
import com.example.reliable.testsupport.Servers;

/**
 * The one command: {@code java -jar benchmarks/target/benchmarks.jar full|smoke} from the project's
 * root (or {@code -Dbenchmarks.mode=…}). Runs every scenario against the loopback servers, prints the
 * machine and one table to stdout (progress goes to stderr), and writes
 * {@code benchmarks/target/benchmarks.json} and, in full mode, {@code docs/benchmarks.png} (smoke
 * mode draws to {@code benchmarks/target/benchmarks.png}, leaving the committed chart alone).
 * <p>
 * Exit code 1 if any scenario failed; its row then says why.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** What a run produced. */
    record Report(String table, List<Row> rows, int failures) {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : System.getProperty("benchmarks.mode", "smoke");
        Report report = run(Settings.of(Mode.parse(mode)), projectRoot());
        System.out.print(report.table());
        System.exit(report.failures() == 0 ? 0 : 1);
    }

    /** Runs every scenario with these settings; the services' jars are under {@code root}. */
    static Report run(Settings settings, Path root) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.setProperty(RunningServices.PROJECT_ROOT_PROPERTY, root.toString());
        Servers servers = Servers.get();
        Map<String, String> machine = Machine.describe(servers);
        var runner = new ScenarioRunner(settings);
        try (var stand = new ServicesStand(servers)) {
            for (Scenario scenario : scenarios(servers, stand)) {
                if (selected(scenario)) {
                    runner.run(scenario);
                }
            }
        }
        List<Row> rows = runner.rows();
        String table = ResultTable.render(settings, machine, rows);
        Path target = root.resolve("benchmarks").resolve("target");
        ResultJson.write(target.resolve("benchmarks.json"), settings, machine, rows);
        // Only a full run of every scenario replaces the README's chart; a smoke run or a selection stays in target/.
        boolean everyScenario = System.getProperty("benchmarks.only", "").isBlank();
        ResultChart.write(settings.mode() == Mode.FULL && everyScenario ? root.resolve("docs").resolve("benchmarks.png")
                : target.resolve("benchmarks.png"), settings, rows);
        return new Report(table, rows, runner.failures());
    }

    /**
     * Every scenario, in the order they run. The end-to-end scenarios share one set of running
     * services; (d) runs first because (e) divides by its throughput, and (f) last because it
     * freezes the broker under them.
     */
    static List<Scenario> scenarios(Servers servers, ServicesStand stand) {
        return List.of(
                new PerfTestBaseline(servers),
                new ReliablePath(servers, Store.REDIS),
                new ReliablePath(servers, Store.JDBC),
                new PlainPublishing(servers, PlainPublishing.Confirms.NONE),
                new PlainPublishing(servers, PlainPublishing.Confirms.WAIT_FOR_EACH),
                new PlainPublishing(servers, PlainPublishing.Confirms.ASYNC_WINDOW),
                new EndToEnd(stand),
                new Drain(stand),
                new FrozenBroker(stand),
                new GuardCost(servers, GuardCost.Guard.OPTIMISTIC_LOCK),
                new GuardCost(servers, GuardCost.Guard.T_CHECK),
                new TCheckPartitioning(servers),
                new Capacity(servers, stand),
                new SustainedLoad(servers));
    }

    /**
     * Whether to run this scenario: all of them, unless {@code -Dbenchmarks.only=a,b} names some by
     * their letter (a ratio to a row that did not run stays empty).
     */
    static boolean selected(Scenario scenario) {
        String only = System.getProperty("benchmarks.only", "");
        return only.isBlank() || java.util.Arrays.stream(only.split(","))
                .anyMatch(letter -> scenario.name().startsWith("(" + letter.trim() + ")"));
    }

    /** The directory with the services' modules: here, or one up when started from a module's directory. */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("order-service")) ? here : here.getParent();
    }
}
