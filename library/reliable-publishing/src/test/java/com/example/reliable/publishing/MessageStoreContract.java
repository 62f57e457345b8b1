package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.reliable.publishing.MessageStore.FailureOutcome;

/**
 * What every {@link MessageStore} must do, run against each real store by a subclass: every state
 * change is one atomic step, two instances never claim the same record, a late report about an
 * older attempt changes nothing, a confirmed or discarded record leaves nothing behind, and a record
 * keeps the trace it was stored in through every transition.
 */
public abstract class MessageStoreContract {

    /** A W3C trace context as a request's span would leave it. */
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // both stores keep milliseconds

    protected MessageStore store;

    /** A store over this test's own data; called again, another instance over the same data. */
    protected abstract MessageStore newStore();

    /** Fails if any trace of a record is left in the store (a key, a row, an index entry). */
    protected abstract void assertNothingLeft();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void savedRecordReadsBackUnchanged() {
        MessageRecord record = record("m-1", now);

        store.save(record);

        assertThat(store.find("m-1")).contains(record);
        assertThat(store.count(MessageStatus.SENDING)).isEqualTo(1);
    }

    @Test
    void theTraceARecordWasStoredInStaysWithItAndARecordWithoutOneHasNone() {
        store.save(traced("traced", TRACEPARENT));
        store.save(record("untraced", now));

        assertThat(store.find("traced").orElseThrow().message().traceparent()).isEqualTo(TRACEPARENT);
        assertThat(store.find("untraced").orElseThrow().message().traceparent()).isNull();
        // What the compensation job reads: the claim.
        assertThat(store.claimDue(now, now.plusSeconds(60), 10))
                .extracting(MessageRecord::id, record -> record.message().traceparent())
                .containsExactlyInAnyOrder(tuple("traced", TRACEPARENT), tuple("untraced", null));
        // Failed, and put back by an operator: still the same trace.
        store.failedAttempt("traced", 0, "unroutable", true, now, 1);
        assertThat(store.list(MessageStatus.FAILED, 0, 10)).singleElement()
                .satisfies(failed -> assertThat(failed.message().traceparent()).isEqualTo(TRACEPARENT));
        store.retry("traced", now);
        assertThat(store.find("traced").orElseThrow().message().traceparent()).isEqualTo(TRACEPARENT);
    }

    @Test
    void twoStoresClaimingConcurrentlyNeverClaimTheSameRecord() throws Exception {
        for (int i = 0; i < 200; i++) {
            store.save(record("m-" + i, now.minusSeconds(1)));
        }
        MessageStore otherInstance = newStore();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<MessageRecord>>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            MessageStore claimer = i % 2 == 0 ? store : otherInstance;
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
    void deliveredAndDiscardedRecordsLeaveNothingBehind() {
        store.save(record("m-1", now));
        store.save(record("m-2", now));
        store.failedAttempt("m-2", 0, "unroutable", true, now, 1);

        store.delivered(List.of("m-1"));
        assertThat(store.discard("m-2")).isTrue();

        assertThat(store.find("m-1")).isEmpty();
        assertThat(store.find("m-2")).isEmpty();
        assertNothingLeft();
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
        assertNothingLeft();
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

    protected MessageRecord record(String id, Instant due) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{\"id\":\"" + id + "\"}", new Source("42", 3),
                now.minusSeconds(1), null);
        return new MessageRecord(message, MessageStatus.SENDING, 0, due, null);
    }

    /** A record stored within the span that {@code traceparent} names, due now. */
    private MessageRecord traced(String id, String traceparent) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{}", new Source("42", 3), now.minusSeconds(1),
                traceparent);
        return new MessageRecord(message, MessageStatus.SENDING, 0, now, null);
    }

    /** A record created at {@code createdAt}, due now. */
    private MessageRecord created(String id, Instant createdAt) {
        var message = new OutgoingMessage(id, "ex", "rk", "Thing", "{}", new Source(id, 0), createdAt, null);
        return new MessageRecord(message, MessageStatus.SENDING, 0, now, null);
    }
}
