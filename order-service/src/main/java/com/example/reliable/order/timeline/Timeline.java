package com.example.reliable.order.timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The timeline read model in Redis: per order, a sorted set of entries by time and a set of the
 * operations already recorded (the marker). {@link #record} writes both in one Lua script
 * ({@code record-once.lua}), so each operation is recorded exactly once: the marker cannot be set
 * without the entries nor the entries written without the marker, whatever crashes or redeliveries
 * happen around the call. Both keys of an order share a hash tag ({@code {order-42}}) and reach the
 * script through {@code KEYS}, so this also runs on Redis Cluster.
 * <p>
 * This is exact because the effect lives in the same Redis as the marker. A marker in Redis in front
 * of an effect in a database is not (README "Why not a Redis marker?").
 */
@Component
public class Timeline {

    /**
     * Read once: {@code RedisScript.of(Resource)} would ask the jar whether the file changed before
     * every call (README "How (b) was profiled").
     */
    private static final RedisScript<Long> RECORD_ONCE = script("record-once.lua");

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TimelineProperties properties;

    Timeline(StringRedisTemplate redis, JsonMapper json, TimelineProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /** Every entry recorded for the order, oldest first; empty when no event about it has arrived. */
    public List<TimelineEntry> of(long orderId) {
        var members = redis.opsForZSet().range(entriesKey(orderId), 0, -1);
        if (members == null) {
            return List.of();
        }
        return members.stream().map(member -> json.readValue(member, TimelineEntry.class)).toList();
    }

    /**
     * Records an operation's entries unless the operation was recorded before.
     *
     * @return {@code true} if recorded now, {@code false} for a duplicate (nothing written)
     */
    boolean record(long orderId, String operation, List<TimelineEntry> entries) {
        List<String> args = new ArrayList<>();
        args.add(operation);
        args.add(Long.toString(properties.retention().toMillis()));
        for (TimelineEntry entry : entries) {
            args.add(Long.toString(entry.at().toEpochMilli()));
            args.add(json.writeValueAsString(entry));
        }
        Long recorded = redis.execute(RECORD_ONCE, List.of(appliedKey(orderId), entriesKey(orderId)),
                args.toArray());
        return recorded != null && recorded == 1L;
    }

    private static RedisScript<Long> script(String name) {
        try {
            return RedisScript.of(new ClassPathResource(name, Timeline.class).getContentAsString(StandardCharsets.UTF_8),
                    Long.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the Redis script " + name, ex);
        }
    }

    private String appliedKey(long orderId) {
        return properties.keyPrefix() + "{order-" + orderId + "}:applied";
    }

    private String entriesKey(long orderId) {
        return properties.keyPrefix() + "{order-" + orderId + "}:entries";
    }
}
