package com.example.reliable.publishing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import com.example.reliable.publishing.MessageStore.FailureOutcome;

/**
 * {@link MessageStore} in Redis, and the only class that knows its layout ({@link DurabilityWait}
 * only sends the wait that follows a save).
 * <p>
 * Layout, under a configurable key prefix:
 * <ul>
 * <li>{@code message:<id>}: a hash per record (the message, status, attempts, next attempt, last error, and
 * the {@code traceparent} it was stored in, a field that is absent without tracing);</li>
 * <li>{@code messages:sending}: sorted set of SENDING ids scored by next-attempt time, so the job
 * finds what is due with one range query and never scans the keyspace;</li>
 * <li>{@code messages:sending:created}: the same ids scored by creation time, so the age of the
 * oldest unconfirmed message is one range query too (the {@code publishing.sending.oldest.age} gauge);</li>
 * <li>{@code messages:failed}: sorted set of FAILED ids scored by when they failed, for operators.</li>
 * </ul>
 * Every change that touches a hash and an index runs as one Lua script, so it is atomic. Every
 * script is given all the keys it touches in {@code KEYS}, and the prefix holds a hash tag, so all
 * of them are in one slot: the store runs on Redis Cluster unchanged.
 * <p>
 * With {@code redis-durability} {@code replica} or {@code aof}, {@code save} also waits, on the
 * connection that wrote the record, until replicas have it ({@link DurabilityWait}).
 */
class RedisMessageStore implements MessageStore {

    private static final RedisScript<Long> SAVE = script("save.lua", Long.class);
    /** The save script's text as the pipelined {@code EVAL} of a durable save sends it, encoded once. */
    private static final byte[] SAVE_TEXT = SAVE.getScriptAsString().getBytes(StandardCharsets.UTF_8);
    private static final RedisScript<List> CLAIM_DUE = script("claim-due.lua", List.class);
    private static final RedisScript<String> FAILED_ATTEMPT = script("failed-attempt.lua", String.class);
    private static final RedisScript<Long> RETRY = script("retry.lua", Long.class);
    private static final RedisScript<Long> REMOVE = script("remove.lua", Long.class);
    private static final RedisScript<Long> REMOVE_ALL = script("remove-all.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final DurabilityWait durability;
    private final String prefix;
    private final String sending;
    private final String sendingByCreation;
    private final String failed;

    RedisMessageStore(StringRedisTemplate redis, Clock clock, String keyPrefix, DurabilityWait durability) {
        this.redis = redis;
        this.clock = clock;
        this.durability = durability;
        this.prefix = keyPrefix;
        this.sending = keyPrefix + "messages:sending";
        this.sendingByCreation = keyPrefix + "messages:sending:created";
        this.failed = keyPrefix + "messages:failed";
    }

    @Override
    public void save(MessageRecord record) {
        List<String> args = new ArrayList<>(List.of(record.id(), millis(record.nextAttemptAt()),
                millis(record.message().createdAt())));
        toHash(record).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        List<String> keys = List.of(key(record.id()), sending, sendingByCreation);
        if (durability.waits()) {
            saveAndWait(record.id(), keys, args);
        }
        else {
            redis.execute(SAVE, keys, args.toArray());
        }
    }

    /**
     * The save, then the wait, on one connection of their own: pipelined, Spring's Lettuce connection
     * runs commands on a dedicated connection (from Boot's pool, which commons-pool2 switches on), so
     * the wait counts exactly this write and blocks no other command of the service.
     */
    private void saveAndWait(String id, List<String> keys, List<String> args) {
        Object reply;
        try (RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
            connection.openPipeline();
            @SuppressWarnings("unchecked")
            var commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            RedisFuture<Long> saved = commands.eval(SAVE_TEXT,
                    ScriptOutputType.INTEGER, bytes(keys), bytes(args));
            RedisFuture<?> waited = durability.dispatch(commands);
            connection.closePipeline();
            saved.get(durability.longest().toMillis(), TimeUnit.MILLISECONDS);
            reply = waited.get(durability.longest().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            throw new QueryTimeoutException("Redis did not answer the save of message " + id + " in time", ex);
        }
        catch (ExecutionException ex) {
            // As Spring translates Lettuce's failures elsewhere: a timeout or a lost connection is a store that is away.
            DataAccessException translated = new LettuceExceptionConverter().convert(ex);
            throw translated != null ? translated
                    : new RedisSystemException("Could not save message " + id + ": " + ex.getCause(), ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("Interrupted while saving message " + id, ex);
        }
        try {
            durability.check(id, reply);
        }
        catch (RecordNotDurableException ex) {
            removeQuietly(id); // its change will not commit; if this fails too, the check-back discards it
            throw ex;
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id);
        }
        catch (RuntimeException ex) {
            // left for the job's check-back: the change it reports never commits
        }
    }

    private static byte[][] bytes(List<String> values) {
        return values.stream().map(value -> value.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<MessageRecord> claimDue(Instant now, Instant leaseUntil, int max) {
        // Read the candidates, then claim them in one script that is given every key it touches (Redis
        // Cluster needs that). It claims only ids still due: another instance may have claimed some in between.
        var due = redis.opsForZSet().rangeByScore(sending, Double.NEGATIVE_INFINITY, now.toEpochMilli(), 0, max);
        if (due == null || due.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(due.size() + 1);
        keys.add(sending);
        List<String> args = new ArrayList<>(due.size() + 2);
        args.add(millis(now));
        args.add(millis(leaseUntil));
        for (String id : due) {
            keys.add(key(id));
            args.add(id);
        }
        // The script answers id, field count, then the fields and values of the claimed hash, per record.
        List<Object> reply = redis.execute(CLAIM_DUE, keys, args.toArray());
        List<MessageRecord> claimed = new ArrayList<>();
        for (int i = 0; i < reply.size();) {
            String id = reply.get(i++).toString();
            int length = Integer.parseInt(reply.get(i++).toString());
            Map<Object, Object> hash = new HashMap<>();
            for (int end = i + length; i < end; i += 2) {
                hash.put(reply.get(i).toString(), reply.get(i + 1));
            }
            claimed.add(fromHash(id, hash));
        }
        return claimed;
    }

    @Override
    public Optional<MessageRecord> find(String id) {
        Map<Object, Object> hash = redis.opsForHash().entries(key(id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(fromHash(id, hash));
    }

    @Override
    public void delivered(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> inOrder = List.copyOf(ids);
        List<String> keys = new ArrayList<>(inOrder.size() + 3);
        keys.addAll(List.of(sending, failed, sendingByCreation));
        inOrder.forEach(id -> keys.add(key(id)));
        redis.execute(REMOVE_ALL, keys, inOrder.toArray());
    }

    @Override
    public FailureOutcome failedAttempt(String id, int attemptsSeen, String reason, boolean counts,
            Instant retryAt, int maxAttempts) {
        String outcome = redis.execute(FAILED_ATTEMPT, List.of(key(id), sending, failed, sendingByCreation), id,
                String.valueOf(attemptsSeen), reason, counts ? "1" : "0", millis(retryAt),
                String.valueOf(maxAttempts), millis(clock.instant()));
        return FailureOutcome.valueOf(outcome);
    }

    @Override
    public boolean discard(String id) {
        return remove(id);
    }

    @Override
    public boolean retry(String id, Instant now) {
        return redis.execute(RETRY, List.of(key(id), sending, failed, sendingByCreation), id, millis(now)) == 1L;
    }

    @Override
    public List<MessageRecord> list(MessageStatus status, int page, int size) {
        long start = (long) page * size;
        var ids = redis.opsForZSet().range(index(status), start, start + size - 1);
        return ids == null ? List.of() : ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public long count(MessageStatus status) {
        Long count = redis.opsForZSet().zCard(index(status));
        return count == null ? 0 : count;
    }

    @Override
    public Optional<Instant> oldestSendingCreatedAt() {
        var oldest = redis.opsForZSet().rangeWithScores(sendingByCreation, 0, 0);
        return oldest == null || oldest.isEmpty() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(oldest.iterator().next().getScore().longValue()));
    }

    private boolean remove(String id) {
        return redis.execute(REMOVE, List.of(key(id), sending, failed, sendingByCreation), id) == 1L;
    }

    private String key(String id) {
        return prefix + "message:" + id;
    }

    private String index(MessageStatus status) {
        return status == MessageStatus.SENDING ? sending : failed;
    }

    private static Map<String, String> toHash(MessageRecord record) {
        OutgoingMessage message = record.message();
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("exchange", message.exchange());
        hash.put("routingKey", message.routingKey());
        hash.put("type", message.type());
        hash.put("payload", message.payload());
        hash.put("sourceId", message.source().id());
        hash.put("sourceVersion", String.valueOf(message.source().version()));
        hash.put("createdAt", millis(message.createdAt()));
        hash.put("status", record.status().name());
        hash.put("attempts", String.valueOf(record.attempts()));
        hash.put("nextAttemptAt", millis(record.nextAttemptAt()));
        hash.put("lastError", record.lastError() == null ? "" : record.lastError());
        if (message.traceparent() != null) {
            hash.put("traceparent", message.traceparent());
        }
        return hash;
    }

    private static MessageRecord fromHash(String id, Map<Object, Object> hash) {
        OutgoingMessage message = new OutgoingMessage(id, text(hash, "exchange"), text(hash, "routingKey"),
                text(hash, "type"), text(hash, "payload"),
                new Source(text(hash, "sourceId"), Long.parseLong(text(hash, "sourceVersion"))),
                instant(text(hash, "createdAt")), text(hash, "traceparent"));
        return new MessageRecord(message, MessageStatus.valueOf(text(hash, "status")),
                Integer.parseInt(text(hash, "attempts")), instant(text(hash, "nextAttemptAt")),
                text(hash, "lastError"));
    }

    /** A field's value, {@code null} when absent or empty. */
    private static String text(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static String millis(Instant instant) {
        return instant == null ? "" : String.valueOf(instant.toEpochMilli());
    }

    /**
     * The script's text, read once. ({@code RedisScript.of(Resource)} would ask the resource for its
     * last-modified time on every call, which inside a packaged jar costs more than the script's
     * round trip to Redis: measured with JFR in the benchmarks' (b) run.)
     */
    private static <T> RedisScript<T> script(String name, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(name, RedisMessageStore.class)
                    .getContentAsString(StandardCharsets.UTF_8), resultType);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the Redis script " + name, ex);
        }
    }
}
