package com.example.reliable.publishing.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;

import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;
import com.example.reliable.publishing.MessageStore.FailureOutcome;

/**
 * {@link MessageStore} in the service's own database, table {@code outbox_messages}
 * ({@code outbox-messages-mysql.sql} beside this class; the service adds it to its migrations): a
 * transactional outbox. {@link #save} runs in the caller's transaction, on its connection, so the
 * record commits with the business change or not at all — no dual write, and the compensation job's
 * check-back can only ever find the change committed. Every other change is one SQL statement
 * (atomic by itself), except the claim:
 * <ul>
 * <li>{@link #claimDue} selects due SENDING rows {@code FOR UPDATE SKIP LOCKED} and moves their due
 * time to the lease end, in a transaction of its own: two instances claiming at the same moment each
 * skip the rows the other has locked, so no row is claimed twice and neither waits;</li>
 * <li>{@link #failedAttempt} is one conditional {@code UPDATE} ({@code WHERE status = 'SENDING' AND
 * attempts = ?}): a late report about an older attempt matches no row and changes nothing.</li>
 * </ul>
 * <b>Retention: delete on confirm.</b> A delivered record is deleted, not marked: the business table
 * already is the history of what happened, an outbox row is a to-do item, and keeping done rows
 * would make every claim and count scan past them (and need a purge job). The log line and the
 * metrics of each confirm remain.
 * <p>
 * Times are stored as UTC {@code DATETIME(6)}, written and read as {@link LocalDateTime} in UTC, so
 * neither the JVM's nor the server's time zone matters.
 */
class JdbcMessageStore implements MessageStore {

    private static final String COLUMNS = "id, exchange_name, routing_key, type, payload, source_id, source_version, "
            + "created_at, status, attempts, next_attempt_at, last_error, traceparent";

    /** {@code last_error}'s column size. */
    private static final int MAX_ERROR = 1000;

    /** Claims in all when the database picks the claim as a deadlock's victim. */
    static final int CLAIM_TRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate claims;
    private final Clock clock;

    JdbcMessageStore(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.claims = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // A claim commits on its own, never as part of whatever transaction the caller may be in; read
        // committed, so that its locks are the rows it takes and no gaps between them (see claimDue).
        this.claims.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.claims.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
    }

    @Override
    public void save(MessageRecord record) {
        OutgoingMessage message = record.message();
        jdbc.sql("INSERT INTO outbox_messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(message.id(), message.exchange(), message.routingKey(), message.type(), message.payload(),
                        message.source().id(), message.source().version(), utc(message.createdAt()),
                        record.status().name(), record.attempts(), utc(record.nextAttemptAt()),
                        error(record.lastError()), message.traceparent())
                .update();
    }

    /** Always: {@link #save} runs on the caller's transactional connection. */
    @Override
    public boolean savesInCallersTransaction() {
        return true;
    }

    /**
     * Two claims at the same moment (two instances) lock different rows, but moving a row's due time
     * rewrites its entry in the due-time index, and InnoDB can find the two doing that in opposite
     * order: a deadlock, in which it rolls one claim back whole (nothing claimed, nothing changed).
     * Read committed takes away the gap locks that made this common (23 of 40 paired claims at
     * repeatable read); the victim, if there still is one, simply claims again, up to
     * {@value #CLAIM_TRIES} times.
     */
    @Override
    public List<MessageRecord> claimDue(Instant now, Instant leaseUntil, int max) {
        for (int attempt = 1;; attempt++) {
            try {
                return claim(now, leaseUntil, max);
            }
            catch (PessimisticLockingFailureException ex) {
                if (attempt == CLAIM_TRIES) {
                    throw ex;
                }
                log.debug("Claim rolled back by the database ({}); claiming again", ex.getMostSpecificCause().getMessage());
            }
        }
    }

    private List<MessageRecord> claim(Instant now, Instant leaseUntil, int max) {
        return claims.execute(status -> {
            List<MessageRecord> due = jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages "
                    + "WHERE status = 'SENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? "
                    + "FOR UPDATE SKIP LOCKED")
                    .params(utc(now), max)
                    .query(JdbcMessageStore::record)
                    .list();
            if (due.isEmpty()) {
                return List.of();
            }
            List<Object> params = new ArrayList<>(List.of(utc(leaseUntil)));
            due.forEach(record -> params.add(record.id()));
            jdbc.sql("UPDATE outbox_messages SET next_attempt_at = ? WHERE id IN (" + placeholders(due.size()) + ")")
                    .params(params)
                    .update();
            return due.stream().map(record -> new MessageRecord(record.message(), record.status(), record.attempts(),
                    leaseUntil, record.lastError())).toList();
        });
    }

    @Override
    public Optional<MessageRecord> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages WHERE id = ?").param(id)
                .query(JdbcMessageStore::record).optional();
    }

    @Override
    public void delivered(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM outbox_messages WHERE id IN (" + placeholders(ids.size()) + ")")
                .params(new ArrayList<>(ids))
                .update();
    }

    @Override
    public FailureOutcome failedAttempt(String id, int attemptsSeen, String reason, boolean counts, Instant retryAt,
            int maxAttempts) {
        // The WHERE pins the attempts to the ones the caller saw, so the new values are known here.
        int attempts = attemptsSeen + (counts ? 1 : 0);
        boolean failed = attempts >= maxAttempts;
        int changed = jdbc.sql("UPDATE outbox_messages SET attempts = ?, last_error = ?, status = ?, "
                + "next_attempt_at = ?, failed_at = ? WHERE id = ? AND status = 'SENDING' AND attempts = ?")
                .params(attempts, error(reason), failed ? MessageStatus.FAILED.name() : MessageStatus.SENDING.name(),
                        failed ? null : utc(retryAt), failed ? utc(clock.instant()) : null, id, attemptsSeen)
                .update();
        if (changed == 0) {
            return FailureOutcome.IGNORED;
        }
        return failed ? FailureOutcome.FAILED : FailureOutcome.RETRY;
    }

    @Override
    public boolean discard(String id) {
        return jdbc.sql("DELETE FROM outbox_messages WHERE id = ?").param(id).update() == 1;
    }

    @Override
    public boolean retry(String id, Instant now) {
        return jdbc.sql("UPDATE outbox_messages SET status = 'SENDING', attempts = 0, next_attempt_at = ?, "
                + "failed_at = NULL, last_error = NULL WHERE id = ? AND status = 'FAILED'")
                .params(utc(now), id)
                .update() == 1;
    }

    @Override
    public List<MessageRecord> list(MessageStatus status, int page, int size) {
        String order = status == MessageStatus.SENDING ? "next_attempt_at" : "failed_at";
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages WHERE status = ? ORDER BY " + order + ", id "
                + "LIMIT ? OFFSET ?")
                .params(status.name(), size, (long) page * size)
                .query(JdbcMessageStore::record)
                .list();
    }

    @Override
    public long count(MessageStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = ?").param(status.name())
                .query(Long.class).single();
    }

    @Override
    public Optional<Instant> oldestSendingCreatedAt() {
        // MIN over no rows is one row holding NULL.
        return jdbc.sql("SELECT MIN(created_at) AS created_at FROM outbox_messages WHERE status = 'SENDING'")
                .query((rs, row) -> Optional.ofNullable(instant(rs, "created_at"))).single();
    }

    private static MessageRecord record(ResultSet rs, int row) throws SQLException {
        var message = new OutgoingMessage(rs.getString("id"), rs.getString("exchange_name"),
                rs.getString("routing_key"), rs.getString("type"), rs.getString("payload"),
                new Source(rs.getString("source_id"), rs.getLong("source_version")), instant(rs, "created_at"),
                rs.getString("traceparent"));
        return new MessageRecord(message, MessageStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String error(String reason) {
        return reason == null || reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR);
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
