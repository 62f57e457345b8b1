package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The docker compose file checked against the services it runs, without running anything.
 * <p>
 * Each service reads its hosts, ports and secrets from environment variables ({@code ${NAME:default}}
 * in its {@code application.yml}). A variable the compose file forgets falls back silently to its
 * local-dev default — {@code 127.0.0.1}, which inside a container is the container itself — and the
 * service never reaches its server. So this test reads every {@code application.yml} at test time and
 * requires each of its variables in that service's {@code environment}: a variable added there and
 * forgotten here fails the build, not the demo. It also checks what makes {@code docker compose up}
 * start in the right order and keep order-service's message records: health checks,
 * {@code service_healthy} dependencies, published ports, matching accounts, Redis' append-only file.
 * <p>
 * The YAML anchors and {@code <<:} merges of the compose file are resolved by SnakeYAML when it loads
 * the file, as Compose does.
 */
class ComposeFileTest {

    /** The repository root: Maven runs these tests in {@code system-tests/}. */
    private static final Path ROOT = Path.of("..");

    /** The services built from the Dockerfile, each with the servers it cannot start without. */
    private static final Map<String, Set<String>> SERVERS_NEEDED = Map.of(
            "order-service", Set.of("mysql", "rabbitmq", "redis"),
            "logistics-service", Set.of("mysql", "rabbitmq"),
            "inventory-service", Set.of("mysql", "rabbitmq"));

    /** The ports a user opens in the browser or with curl. */
    private static final Map<String, Integer> PUBLISHED_PORTS = Map.of(
            "order-service", 8081,
            "logistics-service", 8082,
            "inventory-service", 8083);

    /** {@code ${NAME}} or {@code ${NAME:default}} with an upper-case NAME: an environment variable, not a property. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private static ComposeModel compose;

    @BeforeAll
    static void readComposeFile() {
        compose = ComposeModel.load(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void everyServiceSettingIsSetInTheComposeFile() {
        List<String> missing = new ArrayList<>();
        for (String service : SERVERS_NEEDED.keySet()) {
            Set<String> read = environmentVariablesReadBy(service);
            assertThat(read).as("variables read by %s's application.yml", service).contains("SERVER_PORT");
            Set<String> set = compose.environment(service).keySet();
            read.stream().filter(name -> !set.contains(name)).forEach(name -> missing.add(service + ": " + name));
        }
        assertThat(missing)
                .as("variables an application.yml reads that the service's environment in docker-compose.yml does not set")
                .isEmpty();
    }

    @Test
    void everyServiceIsBuiltFromTheOneDockerfileForItsModule() {
        SERVERS_NEEDED.keySet().forEach(service -> {
            Map<String, Object> build = ComposeModel.asMap(compose.service(service).get("build"));
            Map<String, Object> args = ComposeModel.asMap(build.get("args"));
            assertThat(build.get("context")).as("%s build context", service).isEqualTo(".");
            assertThat(args.get("SERVICE")).as("%s build argument SERVICE", service).isEqualTo(service);
            assertThat(String.valueOf(args.get("SERVER_PORT")))
                    .as("%s: the port the image exposes is the one the service listens on", service)
                    .isEqualTo(compose.environment(service).get("SERVER_PORT"));
        });
    }

    @Test
    void everyServiceHasAHealthcheck() {
        compose.names().forEach(name -> {
            Map<String, Object> healthcheck = ComposeModel.asMap(compose.service(name).get("healthcheck"));
            assertThat(healthcheck).as("%s healthcheck", name).isNotEmpty().doesNotContainEntry("disable", true);
            assertThat(healthcheck.get("test")).as("%s healthcheck test", name).isNotNull();
        });
        SERVERS_NEEDED.keySet().forEach(service -> assertThat(String.valueOf(ComposeModel.asMap(compose.service(service).get("healthcheck")).get("test")))
                .as("%s healthcheck", service)
                .contains("/actuator/health"));
    }

    @Test
    void everyServiceStartsOnlyOnceTheServersItNeedsAreHealthy() {
        SERVERS_NEEDED.forEach((service, servers) -> {
            Map<String, Object> dependsOn = ComposeModel.asMap(compose.service(service).get("depends_on"));
            servers.forEach(server -> assertThat(ComposeModel.asMap(dependsOn.get(server)))
                    .as("%s depends_on %s", service, server)
                    .containsEntry("condition", "service_healthy"));
        });
    }

    @Test
    void theServicesAndTheManagementUiArePublished() {
        PUBLISHED_PORTS.forEach((service, port) -> {
            assertThat(compose.publishedPorts(service)).as("%s published ports (host → container)", service).containsEntry(port, port);
            assertThat(compose.environment(service)).as("%s environment", service).containsEntry("SERVER_PORT", String.valueOf(port));
        });
        // The management UI is published; AMQP is not, so it never collides with a RabbitMQ on the host's 5672.
        assertThat(compose.publishedPorts("rabbitmq")).as("rabbitmq published ports (host → container)")
                .containsEntry(15672, 15672)
                .doesNotContainKey(5672);
    }

    @Test
    void everyContainerHasAMemoryLimitAndTheJvmsSizeTheirHeapByIt() {
        compose.names().forEach(name -> assertThat(compose.service(name).get("mem_limit"))
                .as("%s mem_limit", name).isNotNull());
        // The JVM sizes its heap by the container's limit, not by the whole Docker VM.
        assertThat(read(ROOT.resolve("Dockerfile"))).contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void scriptsAndTheMavenWrapperKeepLfLineEndingsOnEveryCheckout() {
        assertThat(read(ROOT.resolve(".gitattributes"))).containsPattern("(?m)^mvnw\\s+text eol=lf")
                .containsPattern("(?m)^\\*\\.sh\\s+text eol=lf");
    }

    @Test
    void theServicesLogInWithTheAccountsTheServersCreate() {
        Map<String, String> mysql = compose.environment("mysql");
        Map<String, String> rabbitmq = compose.environment("rabbitmq");
        SERVERS_NEEDED.keySet().forEach(service -> {
            Map<String, String> environment = compose.environment(service);
            assertThat(environment.get("DB_USER")).as("%s DB_USER", service).isEqualTo(mysql.get("MYSQL_USER"));
            assertThat(environment.get("DB_PASSWORD")).as("%s DB_PASSWORD", service).isEqualTo(mysql.get("MYSQL_PASSWORD"));
            assertThat(environment.get("RABBITMQ_USER")).as("%s RABBITMQ_USER", service).isEqualTo(rabbitmq.get("RABBITMQ_DEFAULT_USER"));
            assertThat(environment.get("RABBITMQ_PASSWORD")).as("%s RABBITMQ_PASSWORD", service).isEqualTo(rabbitmq.get("RABBITMQ_DEFAULT_PASS"));
            assertThat(environment.get("RABBITMQ_HOST")).as("%s RABBITMQ_HOST", service).isEqualTo("rabbitmq");
        });
        assertThat(compose.environment("order-service")).containsEntry("REDIS_HOST", "redis");
    }

    @Test
    void everyServiceHasItsOwnDatabaseCreatedByTheInitScript() throws IOException {
        String initScripts;
        try (Stream<Path> files = Files.list(ROOT.resolve("docker/mysql/init"))) {
            initScripts = String.join("\n", files.sorted().map(ComposeFileTest::read).toList());
        }
        assertThat(ComposeModel.asList(compose.service("mysql").get("volumes")))
                .as("mysql volumes")
                .anySatisfy(volume -> assertThat(String.valueOf(volume)).endsWith(":/docker-entrypoint-initdb.d:ro"));
        Set<String> databases = new TreeSet<>();
        SERVERS_NEEDED.keySet().forEach(service -> compose.environment(service).forEach((name, value) -> {
            if (name.endsWith("_DB_URL")) {
                assertThat(value).as("%s %s", service, name).startsWith("jdbc:mysql://mysql:3306/");
                String database = value.substring("jdbc:mysql://mysql:3306/".length()).split("\\?")[0];
                assertThat(initScripts).as("init script creates %s's database", service)
                        .contains("CREATE DATABASE IF NOT EXISTS " + database + ";")
                        .contains("ON " + database + ".* TO '" + compose.environment("mysql").get("MYSQL_USER") + "'@'%'");
                databases.add(database);
            }
        }));
        assertThat(databases).as("one database per service").hasSize(SERVERS_NEEDED.size());
    }

    @Test
    void redisKeepsAnAppendOnlyFile() {
        Object command = compose.service("redis").get("command");
        List<String> arguments = command instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : Arrays.asList(String.valueOf(command).trim().split("\\s+"));
        assertThat(arguments).as("redis command").containsSubsequence("--appendonly", "yes");
        assertThat(ComposeModel.asList(compose.service("redis").get("volumes"))).as("redis volumes")
                .anySatisfy(volume -> assertThat(String.valueOf(volume)).endsWith(":/data"));
    }

    /** Every environment variable the service's application.yml reads, in values and keys alike (not in comments). */
    private static Set<String> environmentVariablesReadBy(String service) {
        Set<String> names = new TreeSet<>();
        for (Object document : ComposeModel.loadAll(ROOT.resolve(service).resolve("src/main/resources/application.yml"))) {
            collectPlaceholders(document, names);
        }
        return names;
    }

    private static void collectPlaceholders(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                collectPlaceholders(key, names);
                collectPlaceholders(value, names);
            });
        }
        else if (node instanceof List<?> list) {
            list.forEach(item -> collectPlaceholders(item, names));
        }
        else if (node != null) {
            Matcher matcher = ENV_PLACEHOLDER.matcher(String.valueOf(node));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
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
