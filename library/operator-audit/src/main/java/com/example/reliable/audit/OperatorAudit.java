package com.example.reliable.audit;

import java.security.Principal;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponse;

/**
 * Does an operator's action and records it: one entry per action, whatever its end: {@code DONE},
 * {@code PARTLY_DONE} (it threw {@link ActionStoppedHalfWay}), {@code REFUSED} (it threw a 4xx: the
 * service said no) or {@code FAILED} (anything else), with who, when, what, the reason the operator
 * gave and what was done. Every entry is also logged ({@code WARN}; {@code ERROR} when it could not be
 * written). The exception, if any, goes on to the caller unchanged, which answers the operator.
 * <ul>
 * <li>{@link #act}: an action on this service's database (a stored record retried or discarded with
 * the JDBC store). The action and its {@code DONE} entry commit in one transaction: there is no
 * action without its entry, and no entry without its action. An action that throws rolls back, and
 * its entry is written afterwards, on its own.</li>
 * <li>{@link #actOutsideTheDatabase}: an action on the broker or on Redis, which no database
 * transaction covers. The entry is written as soon as the action ends; should the database fail just
 * then, the action stands and the {@code ERROR} log line is its only trace.</li>
 * </ul>
 * A service without a database gets {@link #logOnly()}: the same log lines, nothing written.
 */
public final class OperatorAudit {

    private static final Logger log = LoggerFactory.getLogger(OperatorAudit.class);

    private final AuditTable table;
    private final TransactionOperations transactions;
    private final Clock clock;

    OperatorAudit(AuditTable table, TransactionOperations transactions, Clock clock) {
        this.table = table;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * An audit that writes to {@code operator_audit} in {@code dataSource}, in transactions of
     * {@code transactions}: for a service or a test that builds its operator API by hand (the
     * auto-configuration builds it from the service's own).
     */
    public static OperatorAudit writingTo(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new OperatorAudit(new AuditTable(dataSource), new TransactionTemplate(transactions), clock);
    }

    /** Logs every action and writes none: for a service that has no database. */
    public static OperatorAudit logOnly() {
        return new OperatorAudit(null, TransactionOperations.withoutTransaction(), Clock.systemUTC());
    }

    /** {@link #act(Principal, String, String, String, Supplier, Function)} for a work that answers its own detail. */
    public String act(Principal operator, String action, String target, String reason, Supplier<String> work) {
        return act(operator, action, target, reason, work, Function.identity());
    }

    /**
     * Runs {@code work} and writes its {@code DONE} entry, with the detail {@code describe} makes of
     * its result, in one transaction of this service's database.
     */
    public <T> T act(Principal operator, String action, String target, String reason, Supplier<T> work,
            Function<T, String> describe) {
        Done<T> done;
        try {
            done = transactions.execute(transaction -> {
                T result = work.get();
                AuditEntry entry = entry(operator, action, target, reason, AuditOutcome.DONE, describe.apply(result));
                insert(entry);
                return new Done<>(result, entry);
            });
        }
        catch (RuntimeException ex) {
            recordUnfinished(operator, action, target, reason, ex);
            throw ex;
        }
        logged(done.entry());
        return done.result();
    }

    /** Runs {@code work}, an action no database transaction covers, then writes its entry. */
    public <T> T actOutsideTheDatabase(Principal operator, String action, String target, String reason,
            Supplier<T> work, Function<T, String> describe) {
        T result;
        try {
            result = work.get();
        }
        catch (RuntimeException ex) {
            recordUnfinished(operator, action, target, reason, ex);
            throw ex;
        }
        writeAlone(entry(operator, action, target, reason, AuditOutcome.DONE, describe.apply(result)));
        return result;
    }

    /**
     * A request to the operator API that Spring Security turned away before any action ran (401, 403):
     * recorded {@code REFUSED} under the user name it claimed.
     */
    void refusedRequest(String claimedOperator, String method, String path, int status) {
        writeAlone(new AuditEntry(null, clock.instant(), claimedOperator, "request", method + " " + path,
                AuditOutcome.REFUSED, null, status == 401 ? "401: no valid operator credentials"
                        : status + ": not allowed for this user"));
    }

    private void recordUnfinished(Principal operator, String action, String target, String reason, RuntimeException ex) {
        AuditOutcome outcome;
        String detail;
        if (ex instanceof ActionStoppedHalfWay stopped) {
            outcome = AuditOutcome.PARTLY_DONE;
            detail = stopped.done() + "; then stopped: " + stopped.getReason();
        }
        else if (ex instanceof ErrorResponse answer && answer.getStatusCode().is4xxClientError()) {
            outcome = AuditOutcome.REFUSED;
            detail = answer.getStatusCode().value() + ": " + answer.getBody().getDetail();
        }
        else {
            outcome = AuditOutcome.FAILED;
            detail = ex.toString();
        }
        writeAlone(entry(operator, action, target, reason, outcome, detail));
    }

    private AuditEntry entry(Principal operator, String action, String target, String reason, AuditOutcome outcome,
            String detail) {
        return new AuditEntry(null, clock.instant(), operator == null ? "(anonymous)" : operator.getName(), action,
                target, outcome, reason, detail);
    }

    /** Outside the action's transaction, which has rolled back or was never there. */
    private void writeAlone(AuditEntry entry) {
        try {
            insert(entry);
        }
        catch (RuntimeException ex) {
            log.error("Could not write the audit entry {}: {}", entry, ex.toString());
        }
        logged(entry);
    }

    private void insert(AuditEntry entry) {
        if (table != null) {
            table.insert(entry);
        }
    }

    /** What a committed action answered, and its entry, logged once the commit has succeeded. */
    private record Done<T>(T result, AuditEntry entry) {
    }

    private static void logged(AuditEntry entry) {
        log.warn("Operator {} {} {}: {}{} ({})", entry.operator(), entry.action(), entry.target(), entry.outcome(),
                entry.reason() == null ? "" : ", reason: " + entry.reason(), entry.detail());
    }
}
