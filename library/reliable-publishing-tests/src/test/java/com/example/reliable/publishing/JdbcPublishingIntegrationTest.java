package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.Servers;

/**
 * Reliable publishing with {@code reliable.publishing.store=jdbc}: the record is a row of
 * {@code outbox_messages} in the service's own database, saved in the change's transaction. A
 * change that rolls back leaves no row and sends nothing; a committed change whose publish never
 * happened (the service died after the commit) is resent by the job from the row.
 */
@PublishingIntegrationTest
@IsolatedInfrastructure
class JdbcPublishingIntegrationTest {

    private static final String DATABASE = "it_outbox_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    @DynamicPropertySource
    static void outboxDatabase(DynamicPropertyRegistry registry) throws Exception {
        Servers servers = Servers.get();
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("CREATE DATABASE `" + DATABASE + "`");
            admin.createStatement().execute("USE `" + DATABASE + "`");
            admin.createStatement().execute(new ClassPathResource("com/example/reliable/publishing/jdbc/outbox-messages-mysql.sql")
                    .getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", ""));
        }
        registry.add("reliable.publishing.store", () -> "jdbc");
        registry.add("test.outbox.url", () -> servers.jdbcUrl(DATABASE));
        registry.add("test.outbox.user", servers::mysqlUser);
        registry.add("test.outbox.password", servers::mysqlPassword);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        Servers servers = Servers.get();
        try (var admin = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Autowired ReliablePublisher publisher;
    @Autowired MessageStore store;
    @Autowired DataSource dataSource;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;

    BoundQueue queue;

    @BeforeEach
    void bindQueue() {
        queue = BoundQueue.bind(admin, rabbit, exchange);
    }

    @AfterEach
    void deleteQueue() {
        queue.delete();
    }

    @Test
    void theStoreIsTheDatabaseOutbox() {
        assertThat(store.savesInCallersTransaction()).isTrue();
    }

    @Test
    void aCommittedChangeIsPublishedAndItsRowDeleted() {
        String result = publisher.storeThenCommit(exchange.getName(), "thing.happened", "committed",
                new RelayIntegrationTest.ThingHappened("committed"), new Source("committed", 0), () -> {
                    assertThat(rows("committed")).as("saved in this transaction, before the change").isOne();
                    assertThat(CompletableFuture.supplyAsync(() -> rows("committed")).join())
                            .as("seen from another connection: not before the commit").isZero();
                    return "changed";
                });

        assertThat(result).isEqualTo("changed");
        assertThat(queue.next().getMessageProperties().getMessageId()).isEqualTo("committed");
        await().atMost(Duration.ofSeconds(5)).until(() -> rows("committed") == 0);
    }

    @Test
    void aChangeThatRollsBackLeavesNoRowAndSendsNothing() {
        assertThatIllegalStateException().isThrownBy(() -> publisher.storeThenCommit(exchange.getName(),
                "thing.happened", "rolled-back", new RelayIntegrationTest.ThingHappened("rolled-back"),
                new Source("rolled-back", 0), () -> {
                    throw new IllegalStateException("the change failed");
                }));

        assertThat(rows("rolled-back")).isZero();
        assertThat(queue.next()).isNull();
    }

    @Test
    void aRowCommittedButNeverPublishedIsResentByTheJob() {
        // What a crash right after the commit leaves: the row, nothing published.
        var message = new OutgoingMessage("crashed", exchange.getName(), "thing.happened", "ThingHappened",
                "{\"id\":\"crashed\"}", new Source("crashed", 0), Instant.now(), null);
        store.save(MessageRecord.sending(message, Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> rows("crashed") == 0);
        assertThat(queue.next().getMessageProperties().getMessageId()).isEqualTo("crashed");
    }

    private long rows(String id) {
        return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM outbox_messages WHERE id = ?").param(id)
                .query(Long.class).single();
    }
}
