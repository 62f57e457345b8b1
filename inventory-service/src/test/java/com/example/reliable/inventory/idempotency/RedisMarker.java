package com.example.reliable.inventory.idempotency;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The other common way to recognise a duplicate — an atomic marker in Redis — built here only to be
 * compared with {@link IdempotencyCheck}; inventory-service does not use it. The consumer claims the
 * message with one atomic command before it touches the database,
 * {@code SET <prefix>consumed:<messageId> in-progress NX PX <lease>}, applies the change in a
 * database transaction, and then sets the marker to {@code done} (kept as long as a duplicate may
 * come). If the transaction fails, it deletes the marker so that the redelivery can try again.
 * <p>
 * The everyday duplicate is stopped just as well as by {@code t_check}, and without a table. What a
 * marker cannot do is commit <em>together</em> with the database: Redis and the database are two
 * systems, so there is a moment when one has the news and the other has not.
 * <ul>
 * <li><b>Die after the commit, before {@code done}:</b> the marker still says {@code in-progress}.
 * The redelivery is refused as {@link Outcome#BUSY} until the lease expires, and then the message is
 * applied <em>again</em>. Without a lease it would be refused for ever instead: a message stuck in its
 * queue. There is no lease length that is right for both a slow consumer and a dead one.</li>
 * <li><b>Mark {@code done} first, then commit</b> ({@link #applyMarkingDoneFirst}): a crash or a
 * failed commit after the marker leaves {@code done} with nothing applied, and the redelivery is
 * skipped: the message is lost.</li>
 * </ul>
 * {@code t_check} has neither window: its row is part of the very transaction that changes the stock.
 * {@code RedisMarkerWindowIntegrationTest} runs both windows against real Redis and MariaDB.
 */
final class RedisMarker {

    /** What became of one delivery. */
    enum Outcome {
        /** The change was applied. */
        APPLIED,
        /** The marker says {@code done}: a duplicate, skipped. */
        DUPLICATE,
        /** Another delivery holds the claim (or held it and died): requeue and try later. */
        BUSY
    }

    /** What happens between two steps of {@link #apply}; the test's way of dying at that moment. */
    interface Step {
        void run();

        Step NOTHING = () -> {
        };
    }

    private final StringRedisTemplate redis;
    private final TransactionTemplate transactions;
    private final String prefix;
    private final Duration lease;
    private final Duration retention;

    RedisMarker(StringRedisTemplate redis, TransactionTemplate transactions, String prefix, Duration lease,
            Duration retention) {
        this.redis = redis;
        this.transactions = transactions;
        this.prefix = prefix;
        this.lease = lease;
        this.retention = retention;
    }

    /** Claim, apply in a transaction, mark done; {@code afterCommit} runs between the commit and the marker. */
    Outcome apply(String messageId, Runnable change, Step afterCommit) {
        String key = key(messageId);
        Boolean claimed = redis.opsForValue().setIfAbsent(key, "in-progress", lease);
        if (!Boolean.TRUE.equals(claimed)) {
            return "done".equals(redis.opsForValue().get(key)) ? Outcome.DUPLICATE : Outcome.BUSY;
        }
        try {
            transactions.executeWithoutResult(status -> change.run());
        }
        catch (RuntimeException rolledBack) {
            redis.delete(key); // nothing was applied: let the redelivery claim it again
            throw rolledBack;
        }
        afterCommit.run(); // the window: the database has the change, Redis does not know yet
        redis.opsForValue().set(key, "done", retention);
        return Outcome.APPLIED;
    }

    /** The tempting shortcut: mark done at once, then apply; {@code afterMarker} runs before the transaction. */
    Outcome applyMarkingDoneFirst(String messageId, Runnable change, Step afterMarker) {
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key(messageId), "done", retention))) {
            return Outcome.DUPLICATE;
        }
        afterMarker.run(); // the window: Redis says done, the database has nothing yet
        transactions.executeWithoutResult(status -> change.run());
        return Outcome.APPLIED;
    }

    /** Whether a marker exists for the message (in either state). */
    boolean isMarked(String messageId) {
        return Boolean.TRUE.equals(redis.hasKey(key(messageId)));
    }

    private String key(String messageId) {
        return prefix + "consumed:" + messageId;
    }
}
