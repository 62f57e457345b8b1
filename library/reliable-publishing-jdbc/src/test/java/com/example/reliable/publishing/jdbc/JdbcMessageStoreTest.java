package com.example.reliable.publishing.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.Servers;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.MessageStoreContract;

/**
 * The JDBC store against a real MariaDB/MySQL, on a private database made from the module's own
 * {@code outbox-messages-mysql.sql}: the {@link MessageStoreContract}, and what makes it a
 * transactional outbox — a record commits or rolls back with the caller's transaction.
 */
class JdbcMessageStoreTest extends MessageStoreContract {

    private static final String DATABASE = "it_outbox_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private static DriverManagerDataSource dataSource;

    @BeforeAll
    static void createDatabase() throws Exception {
        Servers servers = Servers.get();
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("CREATE DATABASE `" + DATABASE + "`");
        }
        dataSource = new DriverManagerDataSource(servers.jdbcUrl(DATABASE), servers.mysqlUser(), servers.mysqlPassword());
        String schema = new ClassPathResource("outbox-messages-mysql.sql", JdbcMessageStore.class)
                .getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
        JdbcClient.create(dataSource).sql(schema).update();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        Servers servers = Servers.get();
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @BeforeEach
    void empty() {
        JdbcClient.create(dataSource).sql("DELETE FROM outbox_messages").update();
    }

    @Override
    protected MessageStore newStore() {
        return new JdbcMessageStore(dataSource, Clock.systemUTC());
    }

    @Override
    protected void assertNothingLeft() {
        assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM outbox_messages").query(Long.class).single())
                .isZero();
    }

    @Test
    void aRecordCommitsWithTheCallersTransactionOrNotAtAll() {
        var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult(status -> {
            store.save(record("rolled-back", now));
            throw new IllegalStateException("the business change failed");
        }));
        transactions.executeWithoutResult(status -> store.save(record("committed", now)));

        assertThat(store.find("rolled-back")).as("no message without its change").isEmpty();
        assertThat(store.find("committed")).isPresent();
    }

    @Test
    void aClaimCommitsOnItsOwnWhateverTheCallersTransactionDoes() {
        store.save(record("due", now));
        var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult(status -> {
            assertThat(store.claimDue(now, now.plusSeconds(60), 10)).hasSize(1);
            throw new IllegalStateException("the caller failed after claiming");
        }));

        assertThat(store.find("due").orElseThrow().nextAttemptAt()).as("the lease holds").isEqualTo(now.plusSeconds(60));
    }
}
