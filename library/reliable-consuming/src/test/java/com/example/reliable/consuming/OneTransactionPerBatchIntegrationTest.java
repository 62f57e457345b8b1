package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.Servers;
import com.example.reliable.testsupport.SettlementRecorder;
import com.rabbitmq.client.Channel;

/**
 * A batch applied in one transaction ({@link MessageBatches#applyInOneTransaction}), on the real
 * broker and the real database: a batch that goes through commits once and is acknowledged once; a
 * batch in which one message fails rolls back and is applied again one by one, so that every other
 * message is applied exactly once (the table has no unique key: a second application would be a
 * second row), the failing ones are dead-lettered alone, and the counters count each message once,
 * not once for the rolled-back attempt and again for the one-by-one one.
 */
class OneTransactionPerBatchIntegrationTest {

    private static final String LISTENER = "batches-in-one-transaction";

    @RegisterExtension
    final LogCapture log = new LogCapture(MessageBatches.class);

    private final Servers servers = Servers.get();
    private String queue;
    private String database;
    private CachingConnectionFactory connections;
    private RabbitAdmin admin;
    private RabbitTemplate rabbit;
    private SettlementRecorder recorder;
    private Declarables declarables;
    private ConfigurableApplicationContext context;
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void declareQueueAndTable() throws SQLException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        queue = "it_batch_tx_" + suffix;
        database = "it_batch_tx_" + suffix;
        connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        admin = new RabbitAdmin(connections);
        rabbit = new RabbitTemplate(connections);
        declarables = ConsumerQueue.declarables(queue, queue + ".exchange", List.of("#"), 2);
        declarables.getDeclarablesByType(Exchange.class).forEach(admin::declareExchange);
        declarables.getDeclarablesByType(Queue.class).forEach(admin::declareQueue);
        declarables.getDeclarablesByType(Binding.class).forEach(admin::declareBinding);
        recorder = SettlementRecorder.connectingTo(servers.rabbitHost(), servers.rabbitPort(), servers.rabbitUser(),
                servers.rabbitPassword());
        try (var sql = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            sql.createStatement().execute("CREATE DATABASE `" + database + "`");
            // No unique key on purpose: a message applied twice leaves two rows.
            sql.createStatement().execute("CREATE TABLE `" + database + "`.applied (id VARCHAR(64) NOT NULL)");
        }
    }

    @AfterEach
    void dropQueueAndTable() throws SQLException {
        if (context != null) {
            context.close();
        }
        declarables.getDeclarablesByType(Queue.class).forEach(declared -> admin.deleteQueue(declared.getName()));
        declarables.getDeclarablesByType(Exchange.class).forEach(declared -> admin.deleteExchange(declared.getName()));
        connections.destroy();
        try (var sql = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(), servers.mysqlPassword())) {
            sql.createStatement().execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    @Test
    void aBatchThatGoesThroughCommitsOnceAndIsAcknowledgedOnce() {
        List<String> ids = send("ok-1", "ok-2", "ok-3", "ok-4", "ok-5", "ok-6", "ok-7", "ok-8", "ok-9", "ok-10");
        BatchListener listener = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 10 && queueIsEmpty());

        assertThat(rows()).containsOnlyKeys(ids).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
        // Ten messages queued before the listener started: one or two batches, one commit and one ack each.
        assertThat(listener.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(context.getBean(CountingTransactionManager.class).commits).hasValue(listener.batchSizes.size());
        assertThat(recorder.settlements()).hasSize(listener.batchSizes.size()).containsOnly("basicAck multiple=true");
        assertThat(listener.appliedAfterCommit).hasValue(10);
        assertThat(log.linesStartingWith("A batch of")).isEmpty();
    }

    @Test
    void aFailingMessageRollsItsBatchBackAndTheBatchIsAppliedAgainOneByOneEachMessageOnceAndCountedOnce() {
        insertRow("duplicate-2"); // applied before: its redelivery is a duplicate
        send("ok-1", "duplicate-2", "conflicting-3", "ok-4", "ok-5", "ok-6", "unreadable-7", "ok-8", "ok-9", "ok-10");
        BatchListener listener = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 8 && queueIsEmpty());
        List<String> deadLetters = await("the conflicting and the unreadable message dead-lettered")
                .atMost(Duration.ofSeconds(10)).until(this::deadLetters, letters -> letters.size() == 2);

        assertThat(deadLetters).containsExactlyInAnyOrder("conflicting-3", "unreadable-7");
        assertThat(rows()).as("every other message applied exactly once").containsOnlyKeys("ok-1", "duplicate-2",
                "ok-4", "ok-5", "ok-6", "ok-8", "ok-9", "ok-10").allSatisfy((id, times) -> assertThat(times).as(id)
                        .isEqualTo(1));
        assertThat(log.linesStartingWith("A batch of")).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("rolled back because message conflicting-3 failed"));
        // Counted once each, although the batch met ok-1, duplicate-2 and conflicting-3 before it rolled back.
        assertThat(listener.appliedAfterCommit).as("applied, counted after commit").hasValue(7);
        assertThat(context.getBean(DuplicateCounter.class).count()).isEqualTo(1);
        assertThat(context.getBean(ConflictCounter.class).count()).isEqualTo(1.0);
        List<String> settlements = recorder.settlements();
        assertThat(settlements).filteredOn(s -> s.startsWith("basicReject"))
                .containsExactly("basicReject requeue=false", "basicReject requeue=false");
        assertThat(settlements).noneMatch(s -> s.startsWith("basicNack"));
    }

    private List<String> send(String... ids) {
        for (String id : ids) {
            rabbit.send(queue, MessageBuilder.withBody(id.getBytes()).setMessageId(id).build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == ids.length);
        return List.of(ids);
    }

    private BatchListener start() {
        context = new SpringApplicationBuilder(BatchListenerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("test.queue=" + queue,
                        "spring.datasource.url=" + servers.jdbcUrl(database),
                        "spring.datasource.username=" + servers.mysqlUser(),
                        "spring.datasource.password=" + servers.mysqlPassword(),
                        // As logistics and inventory run.
                        "spring.rabbitmq.listener.simple.consumer-batch-enabled=true",
                        "spring.rabbitmq.listener.simple.batch-size=10",
                        "spring.rabbitmq.listener.simple.prefetch=20",
                        "spring.rabbitmq.listener.simple.concurrency=1",
                        "spring.rabbitmq.listener.simple.auto-startup=false")
                .initializers(applicationContext -> ((GenericApplicationContext) applicationContext)
                        .registerBean("rabbitConnectionFactory", ConnectionFactory.class,
                                recorder::cachingConnectionFactory))
                .run();
        log.attachAgain();
        context.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer(LISTENER).start();
        return context.getBean(BatchListener.class);
    }

    private void insertRow(String id) {
        try (var sql = DriverManager.getConnection(servers.jdbcUrl(database), servers.mysqlUser(),
                servers.mysqlPassword())) {
            sql.createStatement().execute("INSERT INTO applied (id) VALUES ('" + id + "')");
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** How many rows each message left: 1 for a message applied once. */
    private Map<String, Integer> rows() {
        try (var sql = DriverManager.getConnection(servers.jdbcUrl(database), servers.mysqlUser(),
                servers.mysqlPassword())) {
            var result = sql.createStatement().executeQuery("SELECT id, COUNT(*) FROM applied GROUP BY id");
            Map<String, Integer> rows = new HashMap<>();
            while (result.next()) {
                rows.put(result.getString(1), result.getInt(2));
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private List<String> deadLetters() {
        Message letter;
        while ((letter = rabbit.receive(ConsumerQueue.deadLetterQueue(queue))) != null) {
            deadLettered.add(letter.getMessageProperties().getMessageId());
        }
        return List.copyOf(deadLettered);
    }

    private boolean queueIsEmpty() {
        return admin.getQueueInfo(queue).getMessageCount() == 0;
    }

    /** A listener as logistics and inventory have it: batches applied in one transaction. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({ RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
            ReliableConsumingAutoConfiguration.class })
    static class BatchListenerApplication {

        @Bean
        CountingTransactionManager transactionManager(DataSource dataSource) {
            return new CountingTransactionManager(dataSource);
        }

        @Bean
        BatchListener batchListener(MessageBatches batches, JdbcClient jdbc, DuplicateCounter duplicates,
                ConflictCounter conflicts) {
            return new BatchListener(batches, jdbc, duplicates, conflicts);
        }
    }

    /** The database's transaction manager, counting its commits. */
    static class CountingTransactionManager extends DataSourceTransactionManager {

        final AtomicInteger commits = new AtomicInteger();

        CountingTransactionManager(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            super.doCommit(status);
            commits.incrementAndGet();
        }
    }

    static class BatchListener {

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final AtomicInteger appliedAfterCommit = new AtomicInteger();
        private final MessageBatches batches;
        private final JdbcClient jdbc;
        private final DuplicateCounter duplicates;
        private final ConflictCounter conflicts;

        BatchListener(MessageBatches batches, JdbcClient jdbc, DuplicateCounter duplicates, ConflictCounter conflicts) {
            this.batches = batches;
            this.jdbc = jdbc;
            this.duplicates = duplicates;
            this.conflicts = conflicts;
        }

        @RabbitListener(id = LISTENER, queues = "${test.queue}", ackMode = "MANUAL")
        void on(List<Message> batch, Channel channel) {
            batchSizes.add(batch.size());
            batches.applyInOneTransaction(LISTENER, batch, channel, message -> {
                String id = message.getMessageProperties().getMessageId();
                if (id.startsWith("unreadable")) {
                    throw new MessageConversionException("not an event: " + id);
                }
                if (id.startsWith("conflicting")) {
                    throw conflicts.refuse("applied before with other data: " + id);
                }
                // The deduplication a consumer does, in the transaction it applies in.
                if (jdbc.sql("SELECT COUNT(*) FROM applied WHERE id = ?").param(id).query(Integer.class).single() > 0) {
                    duplicates.increment();
                    return;
                }
                jdbc.sql("INSERT INTO applied (id) VALUES (?)").param(id).update();
                AfterCommit.run(appliedAfterCommit::incrementAndGet);
            });
        }
    }
}
