package com.example.reliable.publishing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability;
import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability.Mode;
import com.example.reliable.testsupport.Servers;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.MessageStoreContract;
import com.example.reliable.publishing.Source;

/**
 * The Redis store against a real Redis: the {@link MessageStoreContract}, and what only this store
 * can get wrong (an index entry whose hash is gone).
 */
class RedisMessageStoreTest extends MessageStoreContract {

    static final DurabilityWait NO_WAIT = new DurabilityWait(new RedisDurability(Mode.NONE, 1, Duration.ofSeconds(1)));

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final String prefix = "it_store_" + UUID.randomUUID() + ":{store}:";

    @BeforeAll
    static void connect() {
        Servers servers = Servers.get();
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(servers.redisHost(), servers.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void removeKeys() {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Override
    protected MessageStore newStore() {
        return new RedisMessageStore(redis, Clock.systemUTC(), prefix, NO_WAIT);
    }

    @Override
    protected void assertNothingLeft() {
        assertThat(redis.keys(prefix + "*")).isEmpty();
    }

    @Test
    void aClaimReturnsWholeRecordsAndDropsIndexEntriesWithoutARecord() {
        store.save(record("whole", now));
        redis.opsForZSet().add(prefix + "messages:sending", "orphan", 0);

        var claimed = store.claimDue(now, now.plusSeconds(60), 10);

        assertThat(claimed).singleElement().satisfies(record -> {
            assertThat(record.id()).isEqualTo("whole");
            assertThat(record.message().payload()).isEqualTo("{\"id\":\"whole\"}");
            assertThat(record.message().source()).isEqualTo(new Source("42", 3));
            assertThat(record.nextAttemptAt()).isEqualTo(now.plusSeconds(60));
        });
        assertThat(redis.opsForZSet().score(prefix + "messages:sending", "orphan")).isNull();
        assertThat(redis.hasKey(prefix + "message:orphan")).isFalse();
    }
}
