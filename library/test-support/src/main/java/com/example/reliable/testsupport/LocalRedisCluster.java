package com.example.reliable.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of a test's own: {@code masters} {@link LocalRedis} nodes with cluster mode on,
 * joined by {@code redis-cli --cluster create} (no replicas), ready once every node reports
 * {@code cluster_state:ok}. {@link #close} stops every node.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private final List<LocalRedis> nodes;

    private LocalRedisCluster(List<LocalRedis> nodes) {
        this.nodes = nodes;
    }

    public static LocalRedisCluster start(int masters) {
        List<LocalRedis> nodes = new ArrayList<>();
        var cluster = new LocalRedisCluster(nodes);
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(LocalRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            LocalRedis.run(create);
            await("cluster_state:ok on every node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> nodes.stream().allMatch(node -> node.cli("cluster", "info").contains("cluster_state:ok")));
            return cluster;
        }
        catch (RuntimeException | Error ex) {
            cluster.close();
            throw ex;
        }
    }

    /** {@code host:port} of every node, for {@code RedisClusterConfiguration}. */
    public List<String> nodes() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList();
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedis::close);
    }
}
