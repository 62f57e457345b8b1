package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.publishing.MessageStore.FailureOutcome;
import com.example.reliable.testsupport.Servers;

/** The Redis store against a real Redis: every state change is one atomic step. */
class RedisMessageStoreTest {

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final String prefix = "it_store_" + UUID.randomUUID() + ":";
    private final RedisMessageStore store = new RedisMessageStore(redis, Clock.systemUTC(), prefix);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the store keeps milliseconds

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

    @Test
    void savedRecordReadsBackUnchanged() {
        MessageRecord record = record("m-1", now);

        store.save(record);

        assertThat(store.find("m-1")).contains(record);
        assertThat(store.count(MessageStatus.SENDING)).isEqualTo(1);
    }

    @Test
    void twoStoresClaimingConcurrentlyNeverClaimTheSameRecord() throws Exception {
        for (int i = 0; i < 200; i++) {
            store.save(record("m-" + i, now.minusSeconds(1)));
        }
        RedisMessageStore otherInstance = new RedisMessageStore(redis, Clock.systemUTC(), prefix);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<MessageRecord>>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RedisMessageStore claimer = i % 2 == 0 ? store : otherInstance;
            Callable<List<MessageRecord>> claim = () -> {
                start.await();
                List<MessageRecord> mine = new ArrayList<>();
                List<MessageRecord> batch;
                while (!(batch = claimer.claimDue(now, now.plusSeconds(60), 7)).isEmpty()) {
                    mine.addAll(batch);
                }
                return mine;
            };
            claims.add(pool.submit(claim));
        }
        start.countDown();
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        for (var claim : claims) {
            claim.get().forEach(record -> claimed.add(record.id()));
        }
        pool.shutdown();

        assertThat(claimed).hasSize(200);
        assertThat(new HashSet<>(claimed)).hasSize(200);
        assertThat(store.find("m-0").orElseThrow().nextAttemptAt()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void recordThatIsNotDueIsNotClaimed() {
        store.save(record("later", now.plusSeconds(10)));

        assertThat(store.claimDue(now, now.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void thirdFailedAttemptMakesTheRecordFailedAndTakesItOutOfTheSendingIndex() {
        store.save(record("m-1", now));

        assertThat(store.failedAttempt("m-1", 0, "nack", true, now.plusSeconds(1), 3)).isEqualTo(FailureOutcome.RETRY);
        assertThat(store.failedAttempt("m-1", 1, "nack", true, now.plusSeconds(2), 3)).isEqualTo(FailureOutcome.RETRY);
        assertThat(store.failedAttempt("m-1", 2, "unroutable", true, now.plusSeconds(4), 3))
                .isEqualTo(FailureOutcome.FAILED);

        MessageRecord failed = store.find("m-1").orElseThrow();
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).isEqualTo("unroutable");
        assertThat(store.claimDue(now.plusSeconds(3600), now.plusSeconds(7200), 10)).isEmpty();
        assertThat(store.list(MessageStatus.FAILED, 0, 10)).containsExactly(failed);
    }

    @Test
    void lateReportAboutAnOlderAttemptChangesNothing() {
        store.save(record("m-1", now));
        store.failedAttempt("m-1", 0, "no confirm", true, now.plusSeconds(1), 3);

        var outcome = store.failedAttempt("m-1", 0, "nack after the timeout", true, now.plusSeconds(9), 3);

        assertThat(outcome).isEqualTo(FailureOutcome.IGNORED);
        MessageRecord record = store.find("m-1").orElseThrow();
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.lastError()).isEqualTo("no confirm");
    }

    @Test
    void unreachableBrokerDoesNotUseUpAnAttempt() {
        store.save(record("m-1", now));

        for (int i = 0; i < 5; i++) {
            store.failedAttempt("m-1", 0, "not sent: connection refused", false, now.plusSeconds(1), 3);
        }

        MessageRecord record = store.find("m-1").orElseThrow();
        assertThat(record.status()).isEqualTo(MessageStatus.SENDING);
        assertThat(record.attempts()).isZero();
        assertThat(record.nextAttemptAt()).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void retryPutsAFailedRecordBackToSendingWithAttemptsReset() {
        store.save(record("m-1", now));
        store.failedAttempt("m-1", 0, "unroutable", true, now, 1);

        assertThat(store.retry("m-1", now)).isTrue();

        MessageRecord record = store.find("m-1").orElseThrow();
        assertThat(record.status()).isEqualTo(MessageStatus.SENDING);
        assertThat(record.attempts()).isZero();
        assertThat(store.count(MessageStatus.FAILED)).isZero();
        assertThat(store.claimDue(now, now.plusSeconds(5), 10)).extracting(MessageRecord::id).containsExactly("m-1");
    }

    @Test
    void retryOfARecordThatIsNotFailedDoesNothing() {
        store.save(record("m-1", now.plusSeconds(30)));

        assertThat(store.retry("m-1", now)).isFalse();
        assertThat(store.find("m-1").orElseThrow().nextAttemptAt()).isEqualTo(now.plusSeconds(30));
    }

    @Test
    void deliveredAndDiscardedRecordsLeaveNoKeyBehind() {
        store.save(record("m-1", now));
        store.save(record("m-2", now));
        store.failedAttempt("m-2", 0, "unroutable", true, now, 1);

        store.delivered(List.of("m-1"));
        assertThat(store.discard("m-2")).isTrue();

        assertThat(store.find("m-1")).isEmpty();
        assertThat(store.find("m-2")).isEmpty();
        assertThat(redis.keys(prefix + "*")).isEmpty();
    }

    @Test
    void aBatchOfConfirmsRemovesEveryRecordInOneCallAndSkipsUnknownIds() {
        for (int i = 0; i < 300; i++) {
            store.save(record("b-" + i, now));
        }
        store.failedAttempt("b-7", 0, "unroutable", true, now, 1); // FAILED, then confirmed after all

        List<String> confirmed = new ArrayList<>(List.of("never-stored"));
        for (int i = 0; i < 300; i++) {
            confirmed.add("b-" + i);
        }
        store.delivered(confirmed);

        assertThat(store.count(MessageStatus.SENDING)).isZero();
        assertThat(store.count(MessageStatus.FAILED)).isZero();
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

    @Test
    void oldestSendingCreationTimeFollowsEveryTransition() {
        assertThat(store.oldestSendingCreatedAt()).isEmpty();
        store.save(created("newer", now.minusSeconds(10)));
        store.save(created("oldest", now.minusSeconds(30)));
        store.save(created("middle", now.minusSeconds(20)));
        assertThat(store.oldestSendingCreatedAt()).contains(now.minusSeconds(30));

        // A claim and a counted failure move the due time, not the creation time.
        store.claimDue(now, now.plusSeconds(60), 10);
        store.failedAttempt("oldest", 0, "nack", true, now.plusSeconds(1), 2);
        assertThat(store.oldestSendingCreatedAt()).contains(now.minusSeconds(30));

        store.failedAttempt("oldest", 1, "nack", true, now.plusSeconds(2), 2); // FAILED: no longer SENDING
        assertThat(store.oldestSendingCreatedAt()).contains(now.minusSeconds(20));

        store.retry("oldest", now); // back to SENDING, waiting since it was created
        assertThat(store.oldestSendingCreatedAt()).contains(now.minusSeconds(30));

        store.delivered(List.of("oldest"));
        store.discard("middle");
        assertThat(store.oldestSendingCreatedAt()).contains(now.minusSeconds(10));
        store.delivered(List.of("newer"));
        assertThat(store.oldestSendingCreatedAt()).isEmpty();
    }

    private MessageRecord record(String id, Instant due) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{\"id\":\"" + id + "\"}", new Source("42", 3),
                now.minusSeconds(1));
        return new MessageRecord(message, MessageStatus.SENDING, 0, due, null);
    }

    /** A record created at {@code createdAt}, due now. */
    private MessageRecord created(String id, Instant createdAt) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{}", new Source(id, 0), createdAt);
        return new MessageRecord(message, MessageStatus.SENDING, 0, now, null);
    }
}
