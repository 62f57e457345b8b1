package com.example.reliable.order.timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The timeline read model in Redis: per order, a sorted set of entries by time and a set of the
 * operations already recorded (the marker). {@link #record} writes both in one Lua script
 * ({@code record-once.lua}), so each operation is recorded exactly once: the marker cannot be set
 * without the entries nor the entries written without the marker, whatever crashes or redeliveries
 * happen around the call. An order's timeline holds at most {@code order.timeline.max-entries}
 * entries; what comes after is counted ({@code :not-stored}), not stored, so no stream of events about
 * one order can grow its keys without bound. The keys of an order share a hash tag
 * ({@code {order-42}}) and reach the script through {@code KEYS}, so this also runs on Redis Cluster.
 * <p>
 * This is exact because the effect lives in the same Redis as the marker. A marker in Redis in front
 * of an effect in a database is not (README "Why not a Redis marker?").
 */
@Component
public class Timeline {

    private static final Logger log = LoggerFactory.getLogger(Timeline.class);

    /**
     * Read once: {@code RedisScript.of(Resource)} would ask the jar whether the file changed before
     * every call (README "How (b) was profiled").
     */
    private static final RedisScript<Long> RECORD_ONCE = script("record-once.lua");

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TimelineProperties properties;
    private final Counter notStored;

    Timeline(StringRedisTemplate redis, JsonMapper json, TimelineProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.notStored = Counter.builder("order.timeline.not-stored")
                .description("Timeline entries counted but not stored: their order's timeline was full")
                .register(meters);
    }

    /**
     * One page of the order's entries, oldest first, with how many it has and how many it did not
     * store (its timeline was full); no entries when no event about the order has arrived.
     */
    public Page of(long orderId, int page, int size) {
        long first = (long) page * size;
        var members = redis.opsForZSet().range(entriesKey(orderId), first, first + size - 1);
        Long total = redis.opsForZSet().zCard(entriesKey(orderId));
        String notStored = redis.opsForValue().get(notStoredKey(orderId));
        List<TimelineEntry> entries = members == null ? List.of()
                : members.stream().map(member -> json.readValue(member, TimelineEntry.class)).toList();
        return new Page(entries, total == null ? 0 : total, notStored == null ? 0 : Long.parseLong(notStored));
    }

    /**
     * A page of an order's timeline.
     *
     * @param entries the page's entries, oldest first
     * @param total how many entries the order's timeline holds
     * @param notStored entries that arrived when the timeline held {@code order.timeline.max-entries}
     *     already: counted here, not stored (counted again if their event is delivered again)
     */
    public record Page(List<TimelineEntry> entries, long total, long notStored) {
    }

    /** What {@link #record} did. */
    enum Recorded {
        /** The entries are on the timeline now. */
        RECORDED,
        /** The operation was recorded before: nothing written. */
        DUPLICATE,
        /** The timeline is full: the entries were counted, not stored. */
        FULL
    }

    /** Records an operation's entries unless the operation was recorded before or the timeline is full. */
    Recorded record(long orderId, String operation, List<TimelineEntry> entries) {
        List<String> args = new ArrayList<>();
        args.add(operation);
        args.add(Long.toString(properties.retention().toMillis()));
        args.add(Integer.toString(properties.maxEntries()));
        for (TimelineEntry entry : entries) {
            args.add(Long.toString(entry.at().toEpochMilli()));
            args.add(json.writeValueAsString(entry));
        }
        Long recorded = redis.execute(RECORD_ONCE,
                List.of(appliedKey(orderId), entriesKey(orderId), notStoredKey(orderId)), args.toArray());
        if (recorded == null) {
            throw new IllegalStateException("the timeline script answered nothing");
        }
        return switch (recorded.intValue()) {
            case 0 -> Recorded.DUPLICATE;
            case 1 -> Recorded.RECORDED;
            default -> {
                notStored.increment(entries.size());
                log.warn("Timeline of order {} holds {} entries, its most: {} counted, not stored", orderId,
                        properties.maxEntries(), operation);
                yield Recorded.FULL;
            }
        };
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

    private String notStoredKey(long orderId) {
        return properties.keyPrefix() + "{order-" + orderId + "}:not-stored";
    }
}
