package com.example.reliable.publishing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where messages wait until the broker confirms them. Every state change is a single atomic step
 * in the store, so that confirms, the compensation job and operators can act on the same record
 * at the same time without losing or double-sending it.
 * <p>
 * Two implementations: Redis ({@code RedisMessageStore}), and the service's own database
 * ({@code JdbcMessageStore}), where the record commits in the same transaction as the change.
 */
public interface MessageStore {

    /** Stores a new SENDING record. Called inside the business transaction, before it commits. */
    void save(MessageRecord record);

    /**
     * Whether {@link #save} writes in the caller's database transaction, so that the record commits
     * or rolls back with the business change (a transactional outbox). Then the publisher saves
     * inside the change's transaction; otherwise it may save before the transaction begins.
     */
    default boolean savesInCallersTransaction() {
        return false;
    }

    /**
     * Claims up to {@code max} SENDING records that are due at {@code now}, oldest due first: each
     * claimed record is not due again before {@code leaseUntil}, so a second job running at the
     * same moment, in this process or another, cannot claim it too. One round trip for the batch.
     */
    List<MessageRecord> claimDue(Instant now, Instant leaseUntil, int max);

    Optional<MessageRecord> find(String id);

    /**
     * The broker confirmed these messages: their records are removed, whatever their status, in one
     * round trip. Ids without a record are skipped.
     */
    void delivered(Collection<String> ids);

    /**
     * One attempt failed. Applies only while the record is SENDING and still has
     * {@code attemptsSeen} failed attempts, so a late or repeated report about an older attempt
     * changes nothing.
     *
     * @param counts whether the failure counts towards the cap (a broker that was never reached
     *     does not: the message was not refused, it was not sent)
     * @param retryAt when the record is due again, if it stays SENDING
     * @param maxAttempts failed attempts after which the record becomes FAILED
     */
    FailureOutcome failedAttempt(String id, int attemptsSeen, String reason, boolean counts, Instant retryAt,
            int maxAttempts);

    /** Removes a record whatever its status. @return whether there was one */
    boolean discard(String id);

    /** Puts a FAILED record back to SENDING, attempts reset, due now. @return whether it was FAILED */
    boolean retry(String id, Instant now);

    /** One page of records with this status, oldest first. */
    List<MessageRecord> list(MessageStatus status, int page, int size);

    long count(MessageStatus status);

    /**
     * The records whose source is {@code sourceId} (an order's records, say), SENDING first, then
     * FAILED, found among the oldest {@code scanLimit} records of each status: an operator's search,
     * never the publish path. The search reads pages of {@link #list}, so every store has it.
     */
    default List<MessageRecord> findBySource(String sourceId, int scanLimit) {
        int pageSize = 200;
        List<MessageRecord> found = new ArrayList<>();
        for (MessageStatus status : MessageStatus.values()) {
            for (int page = 0; page * pageSize < scanLimit; page++) {
                List<MessageRecord> records = list(status, page, pageSize);
                records.stream().filter(record -> record.message().source().id().equals(sourceId)).forEach(found::add);
                if (records.size() < pageSize) {
                    break;
                }
            }
        }
        return found;
    }

    /**
     * When the oldest SENDING record was stored ({@link OutgoingMessage#createdAt()}), or empty when
     * there is none: how long the longest-waiting message has gone without a confirm. An operator's
     * retry puts a FAILED record back with its original creation time. Read on every metrics sample,
     * so it must not read every record: the Redis store keeps an index by creation time for it.
     */
    Optional<Instant> oldestSendingCreatedAt();

    /** What {@link #failedAttempt} did. */
    enum FailureOutcome {
        /** Stays SENDING and is due again at the given time. */
        RETRY,
        /** Reached the cap and is now FAILED. */
        FAILED,
        /** The report was about an older attempt, or the record is gone or FAILED: nothing changed. */
        IGNORED
    }
}
