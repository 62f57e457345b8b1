package com.example.reliable.publishing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.testsupport.LocalRedis;
import com.example.reliable.testsupport.LocalRedisCluster;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.MessageStoreContract;

/**
 * The Redis store on a 3-master Redis Cluster of the test's own, unchanged: the whole
 * {@link MessageStoreContract}. It holds because every script is given all its keys and the prefix
 * holds a hash tag, which puts them in one slot; without the tag, Redis Cluster refuses the scripts.
 */
class RedisClusterMessageStoreTest extends MessageStoreContract {

    private static LocalRedisCluster cluster;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final String prefix = "{it_cluster_" + UUID.randomUUID() + "}:";

    @BeforeAll
    static void startCluster() {
        assumeTrue(LocalRedis.installed(), "redis-server is not installed here");
        cluster = LocalRedisCluster.start(3);
        connections = new LettuceConnectionFactory(new RedisClusterConfiguration(cluster.nodes()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stopCluster() {
        if (connections != null) {
            connections.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected MessageStore newStore() {
        return new RedisMessageStore(redis, Clock.systemUTC(), prefix, RedisMessageStoreTest.NO_WAIT);
    }

    @Override
    protected void assertNothingLeft() {
        assertThat(redis.keys(prefix + "*")).isEmpty();
    }

    @Test
    void thePrefixesHashTagPutsEveryKeyOfTheStoreInOneSlot() {
        store.save(record("one", now));
        store.save(record("two", now));

        var slots = redis.keys(prefix + "*").stream()
                .map(key -> connections.getClusterConnection().clusterCommands().clusterGetSlotForKey(key.getBytes()))
                .distinct().toList();

        assertThat(slots).hasSize(1);
    }

    @Test
    void withoutAHashTagRedisClusterRefusesTheStoresScripts() {
        var untagged = new RedisMessageStore(redis, Clock.systemUTC(), "it_untagged_" + UUID.randomUUID() + ":",
                RedisMessageStoreTest.NO_WAIT);

        assertThatThrownBy(() -> untagged.save(record("lost", now))).rootCause().hasMessageContaining("CROSSSLOT");
    }
}
