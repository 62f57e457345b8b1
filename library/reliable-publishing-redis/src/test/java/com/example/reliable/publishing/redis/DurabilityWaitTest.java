package com.example.reliable.publishing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability;
import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability.Mode;
import com.example.reliable.publishing.ReliablePublishingProperties;

/**
 * How the replies of {@code WAIT} and {@code WAITAOF} are judged. Both return on timeout with the
 * count reached so far, so a reply in time proves nothing: only the counts do.
 */
class DurabilityWaitTest {

    private static DurabilityWait wait(Mode mode, int replicas) {
        return new DurabilityWait(new RedisDurability(mode, replicas, Duration.ofSeconds(1)));
    }

    @Test
    void waitMustCountAsManyReplicasAsAskedFor() {
        assertThatCode(() -> wait(Mode.REPLICA, 1).check("m", 1L)).doesNotThrowAnyException();
        assertThatCode(() -> wait(Mode.REPLICA, 1).check("m", 2L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> wait(Mode.REPLICA, 2).check("m", 1L)).isInstanceOf(RecordNotDurableException.class)
                .hasMessageContaining("in 1 of 2 replicas within PT1S");
    }

    @Test
    void waitAofMustCountThePrimarysFsyncAndTheReplicas() {
        assertThatCode(() -> wait(Mode.AOF, 0).check("m", List.of(1L, 0L))).doesNotThrowAnyException();
        assertThatCode(() -> wait(Mode.AOF, 1).check("m", List.of(1L, 1L))).doesNotThrowAnyException();
        assertThatThrownBy(() -> wait(Mode.AOF, 1).check("m", List.of(1L, 0L)))
                .isInstanceOf(RecordNotDurableException.class);
        assertThatThrownBy(() -> wait(Mode.AOF, 0).check("m", List.of(0L, 0L)))
                .isInstanceOf(RecordNotDurableException.class).hasMessageContaining("fsynced by the primary no");
    }

    @Test
    void settingsThatCouldNotBeKeptAreRefused() {
        assertThatThrownBy(() -> new RedisDurability(Mode.REPLICA, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("at least 1 in mode replica");
        assertThatThrownBy(() -> new RedisDurability(Mode.REPLICA, 1, Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
    }

    @Test
    void aKeyPrefixWithoutAHashTagIsRefused() {
        assertThat(RedisStoreProperties.hasHashTag("{order-service}:")).isTrue();
        assertThat(RedisStoreProperties.hasHashTag("ns:{order-service}:")).isTrue();
        assertThat(RedisStoreProperties.hasHashTag("order-service:")).isFalse();
        assertThat(RedisStoreProperties.hasHashTag("{}:")).as("an empty tag hashes the whole key").isFalse();
    }

    @Test
    void versionsAreComparedByMajorThenMinor() {
        assertThat(DurabilityWait.atLeast("7.0.15", 7, 2)).isFalse();
        assertThat(DurabilityWait.atLeast("7.2.0", 7, 2)).isTrue();
        assertThat(DurabilityWait.atLeast("8.0.1", 7, 2)).isTrue();
        assertThat(DurabilityWait.atLeast(null, 7, 2)).isFalse();
    }
}
