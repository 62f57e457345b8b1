package com.example.reliable.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import com.example.reliable.testsupport.ScratchDatabase;

/**
 * The audit trail against a real MariaDB/MySQL, on a private database made from the module's own
 * {@code operator-audit-mysql.sql}: every action leaves exactly one entry, whatever its end; a
 * database action and its entry commit together, and an action that rolls back leaves its entry
 * alone; the retention purge deletes only what is older than the retention.
 */
class OperatorAuditTest {

    private static final Principal ALICE = () -> "alice";

    private static ScratchDatabase database;
    private static DriverManagerDataSource dataSource;

    private JdbcClient jdbc;
    private AuditTable table;
    private OperatorAudit audit;

    @BeforeAll
    static void createDatabase() {
        database = ScratchDatabase.create("it_audit", "com/example/reliable/audit/operator-audit-mysql.sql");
        dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
        // What an operator's action changes: a stored record, here a row of its own table.
        JdbcClient.create(dataSource)
                .sql("CREATE TABLE records (id VARCHAR(20) PRIMARY KEY, status VARCHAR(10) NOT NULL)").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void empty() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("DELETE FROM operator_audit").update();
        jdbc.sql("DELETE FROM records").update();
        jdbc.sql("INSERT INTO records VALUES ('m-1', 'FAILED')").update();
        table = new AuditTable(dataSource);
        audit = new OperatorAudit(table, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC());
    }

    @Test
    void aDatabaseActionAndItsEntryCommitTogether() {
        String detail = audit.act(ALICE, "message.retry", "m-1", null, () -> {
            jdbc.sql("UPDATE records SET status = 'SENDING' WHERE id = 'm-1'").update();
            return "FAILED to SENDING, attempts reset";
        });

        assertThat(detail).isEqualTo("FAILED to SENDING, attempts reset");
        assertThat(status("m-1")).isEqualTo("SENDING");
        assertThat(table.newest(null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.operator()).isEqualTo("alice");
            assertThat(entry.action()).isEqualTo("message.retry");
            assertThat(entry.target()).isEqualTo("m-1");
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.DONE);
            assertThat(entry.detail()).isEqualTo("FAILED to SENDING, attempts reset");
            assertThat(entry.actedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                    Duration.ofSeconds(10).toMillis(), java.time.temporal.ChronoUnit.MILLIS));
        });
    }

    @Test
    void aRefusedActionRollsBackWhatItChangedAndLeavesOneRefusedEntry() {
        assertThatThrownBy(() -> audit.act(ALICE, "message.discard", "m-1", "customer cancelled by phone", () -> {
            jdbc.sql("UPDATE records SET status = 'GONE' WHERE id = 'm-1'").update();
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Message m-1 is still being delivered");
        })).isInstanceOf(ResponseStatusException.class);

        assertThat(status("m-1")).as("the action's change rolled back").isEqualTo("FAILED");
        assertThat(table.newest(null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(entry.reason()).isEqualTo("customer cancelled by phone");
            assertThat(entry.detail()).isEqualTo("409: Message m-1 is still being delivered");
        });
    }

    @Test
    void anActionThatFailsLeavesOneFailedEntryAndNoChange() {
        assertThatThrownBy(() -> audit.act(ALICE, "message.retry", "m-1", null, () -> {
            jdbc.sql("UPDATE records SET status = 'SENDING' WHERE id = 'm-1'").update();
            throw new IllegalStateException("the store is away");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(status("m-1")).isEqualTo("FAILED");
        assertThat(table.newest(null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(entry.detail()).contains("the store is away");
        });
    }

    @Test
    void anActionStoppedHalfWayRecordsWhatItDidAndWhyItStopped() {
        assertThatThrownBy(() -> audit.actOutsideTheDatabase(ALICE, "dead-letter.replay-first", "orders.dlq", null,
                () -> {
                    throw new ActionStoppedHalfWay("the broker did not confirm m-4", "replayed 3: m-1, m-2, m-3");
                }, result -> "")).isInstanceOf(ActionStoppedHalfWay.class);

        assertThat(table.newest(null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.PARTLY_DONE);
            assertThat(entry.detail()).isEqualTo("replayed 3: m-1, m-2, m-3; then stopped: the broker did not confirm m-4");
        });
    }

    @Test
    void anActionOutsideTheDatabaseIsRecordedOnceDone() {
        List<String> replayed = audit.actOutsideTheDatabase(ALICE, "dead-letter.replay", "m-9", null,
                () -> List.of("m-9"), ids -> "replayed " + ids);

        assertThat(replayed).containsExactly("m-9");
        assertThat(table.newest(null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.DONE);
            assertThat(entry.detail()).isEqualTo("replayed [m-9]");
        });
    }

    @Test
    void textLongerThanItsColumnIsCutToFitAndTheEntryKept() {
        audit.act(ALICE, "message.discard", "m-1", "x".repeat(5000), () -> "discarded");

        assertThat(table.newest(null, 10)).singleElement()
                .satisfies(entry -> assertThat(entry.reason()).hasSize(1000).endsWith("..."));
    }

    @Test
    void pagesGoFromTheNewestBack() {
        for (int i = 1; i <= 5; i++) {
            String target = "m-" + i;
            audit.act(ALICE, "message.retry", target, null, () -> "retried");
        }
        List<AuditEntry> first = table.newest(null, 2);
        List<AuditEntry> second = table.newest(first.get(1).id(), 2);

        assertThat(first).extracting(AuditEntry::target).containsExactly("m-5", "m-4");
        assertThat(second).extracting(AuditEntry::target).containsExactly("m-3", "m-2");
    }

    @Test
    void theRetentionPurgeDeletesOnlyWhatIsOlderThanTheRetention() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        insertAt(now.minus(Duration.ofDays(91)), "old-1");
        insertAt(now.minus(Duration.ofDays(95)), "old-2");
        insertAt(now.minus(Duration.ofDays(89)), "kept");
        AuditRetention retention = new AuditRetention(table,
                new OperatorAuditProperties(Duration.ofDays(90), Duration.ofHours(1), 1), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(retention.purgeExpired()).isEqualTo(2);
        assertThat(table.newest(null, 10)).extracting(AuditEntry::target).containsExactly("kept");
    }

    @Test
    void theRetentionPurgeRunsByItselfEveryIntervalOnceStarted() {
        insertAt(Instant.now().minus(Duration.ofDays(91)), "old");
        insertAt(Instant.now(), "new");
        AuditRetention retention = new AuditRetention(table,
                new OperatorAuditProperties(Duration.ofDays(90), Duration.ofMillis(200), 1000), Clock.systemUTC());
        retention.start();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> table.newest(null, 10).stream().map(AuditEntry::target).toList(), List.of("new")::equals);
        }
        finally {
            retention.stop();
        }
        assertThat(retention.isRunning()).isFalse();
    }

    private void insertAt(Instant at, String target) {
        table.insert(new AuditEntry(null, at, "alice", "message.retry", target, AuditOutcome.DONE, null, "retried"));
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM records WHERE id = ?").param(id).query(String.class).single();
    }
}
