package com.example.reliable.publishing.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis store's settings, beside reliable publishing's own under {@code reliable.publishing.*}.
 *
 * @param redisKeyPrefix prefix of every Redis key the store writes. It must hold a hash tag
 *     ({@code {order-service}:}), so that all the store's keys are in one slot and its scripts run
 *     unchanged on Redis Cluster
 * @param redisDurability how many copies of a record must exist before {@code save} returns
 */
@ConfigurationProperties("reliable.publishing")
public record RedisStoreProperties(
        @DefaultValue("{reliable}:") String redisKeyPrefix,
        @DefaultValue RedisDurability redisDurability) {

    public RedisStoreProperties {
        if (!hasHashTag(redisKeyPrefix)) {
            throw new IllegalArgumentException("reliable.publishing.redis-key-prefix (" + redisKeyPrefix
                    + ") must hold a hash tag, such as {order-service}:, so that every key of the store is in one "
                    + "Redis Cluster slot and its scripts can run there");
        }
    }

    /**
     * Whether the prefix holds a non-empty hash tag: the part between the first <code>{</code> and the
     * next <code>}</code>, which is all Redis Cluster hashes when it is there.
     */
    static boolean hasHashTag(String prefix) {
        int open = prefix.indexOf('{');
        int close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
        return close > open + 1;
    }

    /**
     * How durable a record of the Redis store is when {@code save} returns, and so when the business
     * transaction may commit. Each mode leaves a different window in which a failover loses it.
     *
     * @param mode {@code none}: the primary has it in memory (and in its append-only file within a
     *     second, with {@code appendfsync everysec}); {@code replica}: {@code replicas} replicas have
     *     it in memory too ({@code WAIT}); {@code aof}: the primary and {@code replicas} replicas have
     *     written it to their append-only files and fsynced them ({@code WAITAOF}, Redis 7.2 or later)
     * @param replicas how many replicas must acknowledge, in {@code replica} (at least 1) and
     *     {@code aof} (0: the primary's own fsync only) modes
     * @param timeout how long {@code save} waits for them; fewer acknowledgements by then fail the
     *     save, and the business transaction with it
     */
    public record RedisDurability(
            @DefaultValue("none") Mode mode,
            @DefaultValue("1") int replicas,
            @DefaultValue("1s") Duration timeout) {

        public RedisDurability {
            if (mode == Mode.REPLICA && replicas < 1 || replicas < 0) {
                throw new IllegalArgumentException("reliable.publishing.redis-durability.replicas must be at least 1 "
                        + "in mode replica, and not negative");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                // WAIT 0 would wait for ever: a save must never hang on a replica that is gone.
                throw new IllegalArgumentException("reliable.publishing.redis-durability.timeout must be positive");
            }
        }

        /** What {@code save} waits for. */
        public enum Mode {
            /** The primary's acknowledgement. */
            NONE,
            /** Also {@code replicas} replicas' ({@code WAIT}). */
            REPLICA,
            /** The primary's and {@code replicas} replicas' fsync of their append-only files ({@code WAITAOF}). */
            AOF
        }
    }
}
