package com.example.reliable.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The table {@code operator_audit} ({@code operator-audit-mysql.sql}) in the service's own database:
 * writes a row (in the caller's transaction when there is one: {@link JdbcClient} joins it), reads
 * the newest rows, deletes the oldest. Text longer than its column is cut to fit, so that an entry is
 * never lost for its length. Times are UTC.
 */
final class AuditTable {

    private final JdbcClient jdbc;

    AuditTable(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    void insert(AuditEntry entry) {
        jdbc.sql("""
                INSERT INTO operator_audit (acted_at, operator, action, target, outcome, reason, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(LocalDateTime.ofInstant(entry.actedAt(), ZoneOffset.UTC), fit(entry.operator(), 100),
                        fit(entry.action(), 40), fit(entry.target(), 255), entry.outcome().name(),
                        fit(entry.reason(), 1000), fit(entry.detail(), 2000))
                .update();
    }

    /** The newest {@code limit} rows, newest first; only those older than {@code beforeId} if it is given. */
    List<AuditEntry> newest(Long beforeId, int limit) {
        return jdbc.sql("""
                SELECT id, acted_at, operator, action, target, outcome, reason, detail FROM operator_audit
                WHERE id < ? ORDER BY id DESC LIMIT ?""")
                .params(beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query(AuditTable::entry)
                .list();
    }

    /** Deletes up to {@code batch} rows written before {@code cutoff}; answers how many. */
    int deleteBefore(Instant cutoff, int batch) {
        return jdbc.sql("DELETE FROM operator_audit WHERE acted_at < ? ORDER BY acted_at LIMIT ?")
                .params(LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC), batch)
                .update();
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getObject("acted_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getString("operator"), rs.getString("action"), rs.getString("target"),
                AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getString("detail"));
    }

    private static String fit(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 3) + "...";
    }
}
