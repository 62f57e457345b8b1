package com.example.reliable.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * {@code scripts/local-cluster.sh} does what the README says: three RabbitMQ nodes in one cluster
 * that a client reaches through any of them, a Redis primary whose writes reach its replica, three
 * Sentinels that promote the replica when the primary is killed, a killed RabbitMQ node that comes
 * back into the cluster on {@code start}, and {@code stop} that leaves nothing running. On ports of
 * its own (27701…27733), never the shared servers'; skipped where the machine cannot run it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterScriptTest {

    static LocalCluster cluster;
    static Map<String, String> settings;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalCluster.available(), "needs root, rabbitmq-server and redis-server");
        cluster = new LocalCluster(27700, Files.createTempDirectory("local-cluster-test"),
                Path.of("target", "system-logs", "local-cluster.log"));
        settings = cluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    @Order(1)
    void startPrintsTheSpringSettingsForTheWholeCluster() {
        assertThat(settings).containsEntry("SPRING_RABBITMQ_ADDRESSES",
                "127.0.0.1:27701,127.0.0.1:27702,127.0.0.1:27703")
                .containsEntry("SPRING_DATA_REDIS_SENTINEL_MASTER", "reliable")
                .containsEntry("SPRING_DATA_REDIS_SENTINEL_NODES", "127.0.0.1:27731,127.0.0.1:27732,127.0.0.1:27733");
        assertThat(cluster.status()).contains("rabbit-1@localhost", "rabbit-2@localhost", "rabbit-3@localhost")
                .contains("redis primary: redis-1");
    }

    @Test
    @Order(2)
    void aQuorumQueueDeclaredThroughOneNodeIsReadThroughAnother() {
        CachingConnectionFactory first = connections(27701);
        CachingConnectionFactory third = connections(27703);
        try {
            new RabbitAdmin(first).declareQueue(QueueBuilder.durable("local-cluster-test").quorum().build());
            new RabbitTemplate(first).convertAndSend("", "local-cluster-test", "hello");
            assertThat(new RabbitTemplate(third).receiveAndConvert("local-cluster-test", 5000)).isEqualTo("hello");
        }
        finally {
            new RabbitAdmin(first).deleteQueue("local-cluster-test");
            first.destroy();
            third.destroy();
        }
    }

    @Test
    @Order(3)
    void quorumQueuesDeclaredThroughOneNodeAreLedByAllThree() {
        CachingConnectionFactory first = connections(27701);
        List<String> queues = List.of("local-cluster-leader-1", "local-cluster-leader-2", "local-cluster-leader-3");
        try {
            queues.forEach(queue -> new RabbitAdmin(first).declareQueue(QueueBuilder.durable(queue).quorum().build()));

            // The script's policy (queue-leader-locator: balanced); without it all three would be led by rabbit-1.
            assertThat(queues.stream().map(cluster::leader).toList())
                    .containsExactlyInAnyOrder("rabbit-1", "rabbit-2", "rabbit-3");
        }
        finally {
            queues.forEach(new RabbitAdmin(first)::deleteQueue);
            first.destroy();
        }
    }

    @Test
    @Order(4)
    void killingTheRedisPrimaryPromotesTheReplicaWithWhatItHad() {
        RedisClient redis = RedisClient.create();
        try (var primary = redis.connect(RedisURI.create("redis://127.0.0.1:27721"))) {
            primary.sync().set("local-cluster-test", "kept");
            // WAIT returns how many replicas have the write; the replica may still be in its first sync.
            await().atMost(Duration.ofSeconds(20)).until(() -> primary.sync().waitForReplication(1, 500) == 1);

            cluster.kill("redis-primary");

            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.status().contains("redis primary: redis-2"));
            try (var promoted = redis.connect(RedisURI.create("redis://127.0.0.1:27722"))) {
                assertThat(promoted.sync().get("local-cluster-test")).isEqualTo("kept");
            }
        }
        finally {
            redis.shutdown();
        }
    }

    @Test
    @Order(5)
    void aKilledRabbitMqNodeRejoinsOnStart() {
        cluster.kill("rabbit-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status().contains("rabbit-2 down"));

        cluster.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.status().contains("rabbit-2@localhost"));
        assertThat(cluster.status()).contains("rabbit-2 running", "redis-1 running");
    }

    private static CachingConnectionFactory connections(int port) {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", port);
        connections.setUsername("guest");
        connections.setPassword("guest");
        return connections;
    }
}
