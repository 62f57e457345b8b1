package com.example.reliable.audit;

import java.time.Instant;

/**
 * One row of the audit trail: at {@code actedAt}, {@code operator} asked for {@code action} on
 * {@code target}, giving {@code reason}, and it ended {@code outcome}, {@code detail} saying what was
 * done or why not. {@code id} grows with every row (null until written).
 */
public record AuditEntry(Long id, Instant actedAt, String operator, String action, String target,
        AuditOutcome outcome, String reason, String detail) {
}
