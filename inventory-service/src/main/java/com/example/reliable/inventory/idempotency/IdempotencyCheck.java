package com.example.reliable.inventory.idempotency;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;

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
 * Besides one row per resource, an operation inserts a row of its own ({@link #OPERATION_ROW}),
 * which keeps the operation's digest (the SHA-256 of its data). A message whose rows are already
 * there is the same operation again: with the same digest a duplicate, with another one a
 * {@link Mark#CONFLICTING conflict} — also when it names other resources, because its operation row
 * is the same whatever the resources. The happy path costs one more row in the same statement, no
 * extra query.
 */
@Component
public class IdempotencyCheck {

    /** The {@code unique_id} of an operation's own row: blank, which no resource id may be. */
    static final String OPERATION_ROW = "";

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
     * @param uniqueIds the resources the operation changes (product ids), none blank
     * @param fingerprint the operation's fingerprint
     * @param digest the SHA-256 of the operation's data
     * @param messageId the message that brings it, kept on the operation's own row
     */
    // MANDATORY: marking outside the transaction that applies the change would break the guarantee.
    @Transactional(propagation = Propagation.MANDATORY)
    public Mark markApplied(Collection<String> uniqueIds, String fingerprint, String digest, String messageId) {
        Assert.isTrue(uniqueIds.stream().noneMatch(String::isBlank), "a resource id must not be blank");
        // Sorted, so that two operations on the same products take the key locks in the same order;
        // the operation's own row ("") first.
        List<String> ids = uniqueIds.stream().distinct().sorted().toList();
        List<Object> params = new ArrayList<>(Arrays.asList(OPERATION_ROW, fingerprint, digest, messageId));
        ids.forEach(id -> {
            params.add(id);
            params.add(fingerprint);
            params.add(null);
            params.add(null);
        });
        try {
            // One statement for all rows: MySQL inserts all of them or, on a duplicate key, none.
            jdbc.sql("INSERT INTO t_check (unique_id, fingerprint, digest, message_id, created_at) VALUES "
                    + String.join(", ", Collections.nCopies(ids.size() + 1, "(?, ?, ?, ?, UTC_TIMESTAMP(6))")))
                    .params(params)
                    .update();
            return Mark.FIRST;
        }
        catch (DuplicateKeyException alreadyApplied) {
            // Caught here, inside the method: only this statement failed, the caller's transaction
            // goes on (MySQL rolls back the statement, not the transaction) and commits nothing else.
            Optional<String> applied = jdbc.sql("SELECT digest FROM t_check WHERE unique_id = ? AND fingerprint = ?")
                    .params(OPERATION_ROW, fingerprint).query(String.class).optional();
            // No operation row: applied before operations had one (schema V3); nothing to compare with.
            return applied.isEmpty() || applied.get().equals(digest) ? Mark.DUPLICATE : Mark.CONFLICTING;
        }
    }

    /**
     * The operations applied whose fingerprint starts with {@code fingerprintPrefix} ({@code order-42-}:
     * order 42's), oldest first, read from their own rows: those within the retention, the older are purged.
     */
    public List<Applied> appliedStartingWith(String fingerprintPrefix) {
        String like = fingerprintPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT fingerprint, message_id, created_at FROM t_check "
                + "WHERE unique_id = ? AND fingerprint LIKE ? ORDER BY created_at, id")
                .params(OPERATION_ROW, like)
                .query((rs, row) -> new Applied(rs.getString("fingerprint"), rs.getString("message_id"),
                        rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .list();
    }

    /** An operation's own row: which operation, the message that applied it ({@code null} before V7), when. */
    public record Applied(String fingerprint, String messageId, Instant at) {
    }
}
