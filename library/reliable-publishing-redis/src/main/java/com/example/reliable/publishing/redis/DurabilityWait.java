package com.example.reliable.publishing.redis;

import java.util.List;
import java.util.Properties;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability;
import com.example.reliable.publishing.redis.RedisStoreProperties.RedisDurability.Mode;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;

/**
 * What {@code save} waits for after the Redis primary has a record, in the modes of
 * {@code reliable.publishing.redis-durability}: {@code WAIT replicas timeout} (replicas have it in
 * memory) or {@code WAITAOF 1 replicas timeout} (the primary and replicas have fsynced it).
 * <p>
 * Both commands return on timeout too, with the count reached so far: the count is what
 * {@link #check} judges, never the fact that the command returned. Both count the writes of the
 * connection they run on, so they must run on the connection that saved the record (see
 * {@link RedisMessageStore}), and they block that connection until they return.
 */
final class DurabilityWait {

    private static final ProtocolKeyword WAITAOF = new ProtocolKeyword() {
        private final byte[] name = "WAITAOF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return name;
        }

        @Override
        public String toString() {
            return "WAITAOF";
        }
    };

    private final RedisDurability settings;

    DurabilityWait(RedisDurability settings) {
        this.settings = settings;
    }

    /** {@code false} in mode {@code none}: the primary's acknowledgement is all a save waits for. */
    boolean waits() {
        return settings.mode() != Mode.NONE;
    }

    /**
     * Refuses, at start-up, a mode this Redis cannot keep: {@code WAITAOF} before Redis 7.2, and
     * either wait on Redis Cluster (a keyless command there goes to any node, not to the primary
     * that took the write).
     *
     * @throws IllegalStateException naming what to do instead
     */
    void verify(StringRedisTemplate redis) {
        if (!waits()) {
            return;
        }
        String version = redis.execute((RedisCallback<String>) connection -> {
            if (connection instanceof RedisClusterConnection) {
                throw new IllegalStateException("reliable.publishing.redis-durability.mode=" + mode()
                        + " is not supported on Redis Cluster; use a primary with replicas and Sentinel, or the jdbc store");
            }
            Properties server = connection.serverCommands().info("server");
            return server == null ? null : server.getProperty("redis_version");
        });
        if (settings.mode() == Mode.AOF && !atLeast(version, 7, 2)) {
            throw new IllegalStateException("reliable.publishing.redis-durability.mode=aof needs WAITAOF, which Redis "
                    + "has since 7.2; this server is " + version + ". Use mode replica (WAIT), or the jdbc store");
        }
    }

    /** The longest a save may take: the wait's own timeout, and a margin for the round trips. */
    java.time.Duration longest() {
        return settings.timeout().plusSeconds(2);
    }

    /** Sends the wait on the connection that has just written the record. */
    RedisFuture<?> dispatch(RedisClusterAsyncCommands<byte[], byte[]> commands) {
        long timeout = settings.timeout().toMillis();
        return switch (settings.mode()) {
            case REPLICA -> commands.waitForReplication(settings.replicas(), timeout);
            case AOF -> commands.dispatch(WAITAOF, new ArrayOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE).add(1).add(settings.replicas()).add(timeout));
            case NONE -> throw new IllegalStateException("mode none does not wait");
        };
    }

    /**
     * Judges the wait's reply: {@code WAIT} answers how many replicas acknowledged, {@code WAITAOF}
     * answers the primary's fsync (0 or 1) and how many replicas fsynced.
     *
     * @throws RecordNotDurableException with fewer than asked for
     */
    void check(String id, Object reply) {
        long replicas;
        long local = 1;
        if (settings.mode() == Mode.AOF) {
            List<?> counts = (List<?>) reply;
            local = ((Number) counts.get(0)).longValue();
            replicas = ((Number) counts.get(1)).longValue();
        }
        else {
            replicas = ((Number) reply).longValue();
        }
        if (local < 1 || replicas < settings.replicas()) {
            throw new RecordNotDurableException("Message " + id + " is not durable enough to commit its change: "
                    + (settings.mode() == Mode.AOF ? "fsynced by the primary " + (local < 1 ? "no" : "yes") + ", by " : "in ")
                    + replicas + " of " + settings.replicas() + " replicas within " + settings.timeout()
                    + " (reliable.publishing.redis-durability.mode=" + mode() + ")");
        }
    }

    private String mode() {
        return settings.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return actualMajor > major || actualMajor == major && actualMinor >= minor;
    }
}
