package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring that ships with the project, checked without Docker: the compose profile
 * {@code monitoring} (Prometheus and Grafana), the alert rules and their unit tests with Prometheus'
 * own {@code promtool}, and the Grafana dashboard against the data source that profile provisions.
 * <p>
 * {@code promtool} comes with Debian's {@code prometheus} package; CI unpacks it and names it in
 * {@code PROMTOOL} (else {@code /usr/bin/promtool}). Where it is not there and {@code CI} is not set,
 * the promtool tests are skipped with the reason; on CI a missing promtool fails them.
 */
class MonitoringProfileTest {

    /** The repository root: Maven runs these tests in {@code system-tests/}. */
    private static final Path ROOT = Path.of("..");
    private static final Path PROMETHEUS = ROOT.resolve("docker/prometheus");
    private static final Path GRAFANA = ROOT.resolve("docker/grafana");

    /** The services Prometheus scrapes, with the port each listens on. */
    private static final Map<String, Integer> SERVICES = Map.of(
            "order-service", 8081,
            "logistics-service", 8082,
            "inventory-service", 8083);

    private static ComposeModel compose;

    @BeforeAll
    static void readComposeFile() {
        compose = ComposeModel.load(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void prometheusAndGrafanaStartOnlyWithTheMonitoringProfile() {
        for (String name : List.of("prometheus", "grafana")) {
            assertThat(compose.service(name).get("profiles")).as("%s profiles", name).isEqualTo(List.of("monitoring"));
        }
        compose.names().stream().filter(name -> !name.equals("prometheus") && !name.equals("grafana"))
                .forEach(name -> assertThat(compose.service(name).get("profiles")).as("%s profiles", name).isNull());
        assertThat(compose.publishedPorts("prometheus")).containsEntry(9090, 9090);
        assertThat(compose.publishedPorts("grafana")).containsEntry(3000, 3000);
    }

    @Test
    void prometheusScrapesEveryServiceWhereItServesItsMetricsAndLoadsTheRules() {
        Map<String, Object> config = yaml(PROMETHEUS.resolve("prometheus.yml"));
        List<Map<String, Object>> jobs = list(config.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = jobs.get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<Object> targets = list(map(list(job.get("static_configs")).get(0)).get("targets"));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(SERVICES.entrySet().stream()
                .map(service -> service.getKey() + ":" + service.getValue()).toList());
        SERVICES.forEach((service, port) -> {
            assertThat(compose.environment(service)).as("%s environment", service)
                    .containsEntry("SERVER_PORT", String.valueOf(port));
            assertThat(read(ROOT.resolve(service + "/src/main/resources/application.yml")))
                    .as("%s exposes its Prometheus endpoint", service).containsPattern("include:.*prometheus");
        });
        // Mounted where the image reads its configuration; the rules beside it.
        assertThat(list(compose.service("prometheus").get("volumes"))).contains("./docker/prometheus:/etc/prometheus:ro");
        assertThat(list(config.get("rule_files"))).containsExactly("alerts.yml");
        assertThat(PROMETHEUS.resolve("alerts.yml")).isRegularFile();
    }

    @Test
    void theAlertRulesAreValid() {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertRuleIsTested() {
        Set<String> rules = alertNames(read(PROMETHEUS.resolve("alerts.yml")));
        Set<String> tested = new TreeSet<>();
        Matcher matcher = Pattern.compile("alertname: (\\w+)").matcher(read(PROMETHEUS.resolve("alerts.test.yml")));
        while (matcher.find()) {
            tested.add(matcher.group(1));
        }
        assertThat(rules).isNotEmpty();
        assertThat(tested).as("alerts with a unit test").containsExactlyInAnyOrderElementsOf(rules);
    }

    @Test
    void theDashboardReadsTheProvisionedPrometheus() {
        Map<String, Object> datasources = yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        Map<String, Object> datasource = map(list(datasources.get("datasources")).get(0));
        assertThat(datasource).containsEntry("url", "http://prometheus:9090").containsEntry("uid", "prometheus");
        assertThat(map(list(yaml(GRAFANA.resolve("provisioning/dashboards/dashboards.yml")).get("providers")).get(0))
                .get("options")).isEqualTo(Map.of("path", "/var/lib/grafana/dashboards"));
        assertThat(list(compose.service("grafana").get("volumes")))
                .contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./docker/grafana/dashboards:/var/lib/grafana/dashboards:ro");

        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            String title = panel.get("title").asString();
            titles.add(title);
            assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo("prometheus");
            for (JsonNode target : panel.get("targets")) {
                assertThat(metrics(target.get("expr").asString())).as("metrics of %s", title).isNotEmpty();
            }
        }
        // What the monitoring is for: the backlog, confirm latency, duplicates, conflicts, dead letters.
        assertThat(titles).contains("Backlog: records SENDING", "Confirm latency (acks)", "Duplicates skipped",
                "Conflicts refused", "Dead letters");
    }

    @Test
    void theMetricsAreReadFromTheExpressions() {
        assertThat(metrics("max by (application) (publishing_sending_oldest_age_seconds) > 60"))
                .containsExactly("publishing_sending_oldest_age_seconds");
        assertThat(metrics("min_over_time(consumer_queue_depth[10m]) > 100 and deriv(consumer_queue_depth[10m]) > 0"))
                .containsExactly("consumer_queue_depth");
        assertThat(metrics("rate(a_sum{outcome=\"ack\", x=\"y\"}[1m]) / rate(a_count{outcome=\"ack\"}[1m])"))
                .containsExactly("a_count", "a_sum");
        assertThat(metrics("up{job=\"reliable-messaging\"} == 0")).containsExactly("up");
    }

    /**
     * Every metric name the alert rules and the dashboard read. {@code StockRepliesEndToEndTest} checks
     * that the running services expose each of them.
     */
    static Set<String> metricsRead() {
        Set<String> names = new TreeSet<>();
        for (Object group : list(yaml(PROMETHEUS.resolve("alerts.yml")).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                names.addAll(metrics(String.valueOf(map(rule).get("expr"))));
            }
        }
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                names.addAll(metrics(target.get("expr").asString()));
            }
        }
        return names;
    }

    private static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(GRAFANA.resolve("dashboards/reliable-messaging.json")));
    }

    /** The metric names an expression reads (not its functions, labels or keywords). */
    static Set<String> metrics(String expr) {
        String withoutLabels = expr.replaceAll("\\{[^}]*\\}", "{}").replaceAll("\\bby \\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(\\{\\}|\\[|\\s*[)><=!]|$)").matcher(withoutLabels);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        names.removeAll(Set.of("by", "and", "or", "unless", "on", "ignoring", "group_left", "group_right"));
        return names;
    }

    private static Set<String> alertNames(String rules) {
        Matcher matcher = Pattern.compile("- alert: (\\w+)").matcher(rules);
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Runs promtool in docker/prometheus and returns what it printed; fails on a non-zero exit. */
    private static String promtool(String... arguments) {
        Path promtool = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
        if (System.getenv("CI") == null) {
            assumeThat(promtool).as("promtool (Debian package prometheus, or PROMTOOL); CI unpacks it").isExecutable();
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as("promtool %s exit code; it printed:%n%s", String.join(" ", arguments), output)
                    .isZero();
            return output;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> yaml(Path file) {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object node) {
        return (List<T>) node;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
