package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.ha.yml} merged onto {@code docker-compose.yml}, checked without running
 * anything: the names the pieces use for each other are the names the other pieces have. A node
 * missing from the peer discovery list, a Sentinel the services are not told about, a master name
 * spelled two ways, a second order-service that drifts from the first — each would only show when
 * someone ran it.
 */
class ComposeHaFileTest {

    private static final Path ROOT = Path.of("..");

    private static final List<String> APPLICATIONS = List.of("order-service", "order-service-2", "logistics-service",
            "inventory-service");

    private static ComposeModel compose;

    @BeforeAll
    static void readComposeFiles() {
        compose = ComposeModel.load(ROOT.resolve("docker-compose.yml"), ROOT.resolve("docker-compose.ha.yml"));
    }

    @Test
    void everyServiceTheOverrideNamesIsOneTheMainFileHasOrRunsAnImage() {
        ComposeModel mainFile = ComposeModel.load(ROOT.resolve("docker-compose.yml"));
        ComposeModel overrideOnly = ComposeModel.load(ROOT.resolve("docker-compose.ha.yml"));
        overrideOnly.names().forEach(name -> assertThat(mainFile.names().contains(name)
                || overrideOnly.service(name).containsKey("image") || overrideOnly.service(name).containsKey("build"))
                .as("%s: a service of the main file (spelled as there) or a complete one", name).isTrue());
    }

    @Test
    void theThreeRabbitNodesAreThePeersTheDiscoveryFileLists() throws IOException {
        String clusterConf = Files.readString(ROOT.resolve("docker/rabbitmq/cluster.conf"));
        List<String> listed = matches(Pattern.compile("classic_config\\.nodes\\.\\d+ = rabbit@(\\S+)"), clusterConf);
        List<String> nodes = rabbitNodes();

        assertThat(nodes).hasSize(3);
        assertThat(listed).as("peers in docker/rabbitmq/cluster.conf").containsExactlyInAnyOrderElementsOf(
                nodes.stream().map(node -> String.valueOf(compose.service(node).get("hostname"))).toList());
        assertThat(clusterConf).contains("queue_leader_locator = balanced");
        for (String node : nodes) {
            Map<String, String> environment = compose.environment(node);
            assertThat(environment.get("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS")).as("%s's cookie", node)
                    .isEqualTo(compose.environment("rabbitmq").get("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"))
                    .startsWith("-setcookie ");
            assertThat(environment.get("RABBITMQ_CTL_ERL_ARGS")).as("%s's CLI cookie (health check)", node)
                    .isEqualTo(environment.get("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"));
            assertThat(volumes(node)).as("%s volumes", node)
                    .contains("./docker/rabbitmq/cluster.conf:/etc/rabbitmq/conf.d/20-cluster.conf:ro")
                    .anySatisfy(volume -> assertThat(volume).endsWith(":/var/lib/rabbitmq"));
        }
        assertThat(nodes.stream().flatMap(node -> volumes(node).stream()).filter(volume -> volume.endsWith(":/var/lib/rabbitmq")))
                .as("a data volume per node").doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void everyApplicationReachesTheClusterThroughEachNode() {
        String addresses = String.join(",", rabbitNodes().stream()
                .map(node -> compose.service(node).get("hostname") + ":5672").toList());
        APPLICATIONS.forEach(service -> assertThat(compose.environment(service))
                .as("%s environment", service).containsEntry("SPRING_RABBITMQ_ADDRESSES", addresses));
    }

    @Test
    void orderServiceFindsTheRedisPrimaryThroughEverySentinelAndWaitsForTheReplica() {
        List<String> sentinels = compose.names().stream().filter(name -> name.startsWith("sentinel-")).toList();
        assertThat(sentinels).hasSize(3);
        String master = null;
        for (String sentinel : sentinels) {
            String script = String.join(" ", compose.command(sentinel));
            Matcher monitor = Pattern.compile("sentinel monitor (\\S+) redis 6379 (\\d+)").matcher(script);
            assertThat(monitor.find()).as("%s monitors redis:6379", sentinel).isTrue();
            assertThat(Integer.parseInt(monitor.group(2))).as("quorum: a majority of the Sentinels")
                    .isEqualTo(sentinels.size() / 2 + 1);
            assertThat(script).contains("--sentinel", "'port 26379'");
            master = monitor.group(1);
        }
        assertThat(compose.command("redis-replica")).containsSubsequence("--replicaof", "redis", "6379")
                .containsSubsequence("--appendonly", "yes");
        for (String service : List.of("order-service", "order-service-2")) {
            assertThat(compose.environment(service)).as("%s environment", service)
                    .containsEntry("SPRING_DATA_REDIS_SENTINEL_MASTER", master)
                    .containsEntry("SPRING_DATA_REDIS_SENTINEL_NODES",
                            String.join(",", sentinels.stream().map(sentinel -> sentinel + ":26379").toList()))
                    .containsEntry("RELIABLE_PUBLISHING_REDIS_DURABILITY_MODE", "replica");
        }
    }

    @Test
    void theSecondOrderServiceIsTheFirstOnAnotherPort() {
        assertThat(compose.environment("order-service-2")).isEqualTo(compose.environment("order-service"));
        assertThat(compose.service("order-service-2").get("build")).isEqualTo(compose.service("order-service").get("build"));
        assertThat(compose.publishedPorts("order-service-2")).isEqualTo(Map.of(8084, 8081));
        assertThat(ComposeModel.asMap(compose.service("order-service-2").get("depends_on")))
                .containsKeys("mysql", "rabbitmq", "rabbitmq-2", "rabbitmq-3", "redis", "redis-replica", "sentinel-1",
                        "sentinel-2", "sentinel-3", "order-service", "logistics-service", "inventory-service");
    }

    @Test
    void everyContainerOfTheMergedFilesHasAMemoryLimit() {
        compose.names().forEach(name -> assertThat(compose.service(name).get("mem_limit"))
                .as("%s mem_limit", name).isNotNull());
    }

    private static List<String> rabbitNodes() {
        return compose.names().stream()
                .filter(name -> String.valueOf(compose.service(name).get("image")).startsWith("rabbitmq:")).toList();
    }

    private static List<String> volumes(String service) {
        return ComposeModel.asList(compose.service(service).get("volumes")).stream().map(String::valueOf).toList();
    }

    private static List<String> matches(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
