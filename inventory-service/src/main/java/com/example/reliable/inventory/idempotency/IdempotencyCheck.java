package com.example.reliable.inventory.idempotency;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code t_check} table: remembers which operations were applied to which resources, so that a
 * redelivered message changes nothing. A row is (unique id, fingerprint), unique together: here the
 * unique id is a product id and the fingerprint is the order operation's, identical in every resend.
 * <p>
 * The guarantee rests on two things. The rows are inserted <em>in the caller's transaction</em>,
 * before its change, so they commit together with it or not at all: there is no moment at which the
 * change is done but not remembered, or remembered but not done. And the unique key decides, not a
 * prior {@code SELECT}: when two copies of a message run at the same moment, the second insert waits
 * for the first transaction and then fails on the key, so exactly one of them goes on.
 * <p>
 * Each row also keeps the operation's digest (the SHA-256 of its data). Seeing the fingerprint
 * again with the same digest is a duplicate; with another digest, on any of the operation's
 * products, it is a {@link Mark#CONFLICTING conflict}: the caller refuses the message.
 */
@Component
public class IdempotencyCheck {

    private final JdbcClient jdbc;

    IdempotencyCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What marking an operation found. */
    public enum Mark {
        /** First time: the rows are inserted, the caller applies the operation in this transaction. */
        FIRST,
        /** Applied before, with the same data: the caller changes nothing. */
        DUPLICATE,
        /** Applied before with other data: the caller refuses the message (its rows roll back with it). */
        CONFLICTING
    }

    /**
     * Marks an operation as applied to these resources, unless it already was.
     *
     * @param uniqueIds the resources the operation changes (product ids)
     * @param fingerprint the operation's fingerprint
     * @param digest the SHA-256 of the operation's data
     */
    // MANDATORY: marking outside the transaction that applies the change would break the guarantee.
    @Transactional(propagation = Propagation.MANDATORY)
    public Mark markApplied(Collection<String> uniqueIds, String fingerprint, String digest) {
        // Sorted, so that two operations on the same products take the key locks in the same order.
        List<String> ids = uniqueIds.stream().distinct().sorted().toList();
        List<Object> params = new ArrayList<>();
        ids.forEach(id -> {
            params.add(id);
            params.add(fingerprint);
            params.add(digest);
        });
        try {
            // One statement for all rows: MySQL inserts all of them or, on a duplicate key, none.
            jdbc.sql("INSERT INTO t_check (unique_id, fingerprint, digest, created_at) VALUES "
                    + String.join(", ", Collections.nCopies(ids.size(), "(?, ?, ?, UTC_TIMESTAMP(6))")))
                    .params(params)
                    .update();
        }
        catch (DuplicateKeyException alreadyApplied) {
            // Caught here, inside the method: only this statement failed, the caller's transaction
            // goes on (MySQL rolls back the statement, not the transaction) and commits nothing else.
            return otherData(fingerprint, digest) ? Mark.CONFLICTING : Mark.DUPLICATE;
        }
        // New for these products; the operation may still have been applied to other products, with other data.
        return otherData(fingerprint, digest) ? Mark.CONFLICTING : Mark.FIRST;
    }

    /** Whether a row of this operation holds another digest (rows from before digests, NULL, never do). */
    private boolean otherData(String fingerprint, String digest) {
        return jdbc.sql("SELECT COUNT(*) FROM t_check WHERE fingerprint = ? AND digest <> ?")
                .params(fingerprint, digest).query(Integer.class).single() > 0;
    }
}
