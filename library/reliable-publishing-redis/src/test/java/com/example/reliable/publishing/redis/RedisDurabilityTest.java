package com.example.reliable.publishing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability;
import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability.Mode;
import com.example.reliable.testsupport.LocalRedis;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;

/**
 * The durability modes of the Redis store against a primary and a replica of the test's own
 * (redis-server 7.0 here): what a save promises when it returns, what it does when the replica does
 * not answer (the replica is paused with {@code SIGSTOP}), and what the installed version refuses.
 */
class RedisDurabilityTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static LocalRedis primary;
    private static LocalRedis replica;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final String prefix = "{durability_" + UUID.randomUUID() + "}:";
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startPrimaryAndReplica() {
        assumeTrue(LocalRedis.installed(), "redis-server is not installed here");
        primary = LocalRedis.start();
        replica = LocalRedis.start("--replicaof", "127.0.0.1", String.valueOf(primary.port()));
        await("the replica's link to the primary").atMost(Duration.ofSeconds(20))
                .until(() -> primary.cli("info", "replication").contains("connected_slaves:1")
                        && replica.cli("info", "replication").contains("master_link_status:up"));
        // As Boot makes it when commons-pool2 is on the class path: a shared connection, and a pool of dedicated ones.
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", primary.port()),
                LettucePoolingClientConfiguration.builder().build());
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void replicaRuns() {
        if (replica != null) {
            replica.resume();
        }
    }

    @AfterAll
    static void stopServers() {
        if (connections != null) {
            connections.destroy();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void inModeReplicaASaveReturnsOnlyOnceTheReplicaHasTheRecord() {
        store(Mode.REPLICA).save(record("copied"));

        // No waiting here: that the replica has it when save returns is the promise.
        assertThat(replica.cli("hget", prefix + "message:copied", "status")).isEqualToIgnoringWhitespace("SENDING");
    }

    @Test
    void inModeReplicaASaveThatNoReplicaAcknowledgesFailsAndLeavesNoRecord() {
        replica.pause();
        var store = store(Mode.REPLICA);

        assertThatThrownBy(() -> store.save(record("unacknowledged")))
                .isInstanceOf(RecordNotDurableException.class)
                .hasMessageContaining("in 0 of 1 replicas within PT0.5S");
        assertThat(store.find("unacknowledged")).as("not left on the primary either").isEmpty();
        assertThat(store.count(MessageStatus.SENDING)).isZero();
    }

    @Test
    void inModeNoneASaveReturnsWhileOnlyThePrimaryHasTheRecord() {
        replica.pause();

        store(Mode.NONE).save(record("primary-only"));

        assertThat(primary.cli("exists", prefix + "message:primary-only")).isEqualToIgnoringWhitespace("1");
        replica.resume();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> replica.cli("exists", prefix + "message:primary-only").trim().equals("1"));
        // The window: had the primary failed before the replica caught up, a promoted replica would not have it.
    }

    @Test
    void aSaveWaitingForAReplicaBlocksNoOtherCommandOfTheService() throws Exception {
        replica.pause();
        redis.opsForValue().set(prefix + "other", "answered");
        var store = store(Mode.REPLICA, Duration.ofSeconds(5));

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> store.save(record("waits")));
        await("the save's WAIT to block its connection").atMost(Duration.ofSeconds(5))
                .until(() -> primary.cli("info", "clients").contains("blocked_clients:1"));

        // The shared connection answers while the save's own connection is blocked in WAIT.
        assertThat(CompletableFuture.supplyAsync(() -> redis.opsForValue().get(prefix + "other")).get(2, TimeUnit.SECONDS))
                .isEqualTo("answered");
        assertThat(waiting).isNotDone();
        replica.resume();
        waiting.get(10, TimeUnit.SECONDS); // acknowledged once the replica runs again: the save succeeds
        assertThat(store.find("waits")).isPresent();
    }

    @Test
    void modeAofIsRefusedAtStartUpByARedisOlderThan72() {
        assumeTrue(!DurabilityWait.atLeast(primary.cli("info", "server").lines()
                .filter(line -> line.startsWith("redis_version:")).findFirst().orElseThrow().substring(14).trim(), 7, 2),
                "this Redis has WAITAOF");
        var aof = new DurabilityWait(new RedisDurability(Mode.AOF, 0, TIMEOUT));

        assertThatThrownBy(() -> aof.verify(redis)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs WAITAOF, which Redis has since 7.2; this server is 7.0");
    }

    private RedisMessageStore store(Mode mode) {
        return store(mode, TIMEOUT);
    }

    private RedisMessageStore store(Mode mode, Duration timeout) {
        var durability = new DurabilityWait(new RedisDurability(mode, 1, timeout));
        durability.verify(redis);
        return new RedisMessageStore(redis, Clock.systemUTC(), prefix, durability);
    }

    private MessageRecord record(String id) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{}", new Source("42", 1), now, null);
        return MessageRecord.sending(message, now.plusSeconds(15));
    }
}
