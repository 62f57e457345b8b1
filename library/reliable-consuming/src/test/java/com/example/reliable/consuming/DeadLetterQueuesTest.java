package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.server.ResponseStatusException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import com.example.reliable.audit.OperatorAudit;
import com.example.reliable.context.MessageLogContext;
import com.example.reliable.testsupport.ScratchDatabase;
import com.example.reliable.testsupport.Servers;
import com.rabbitmq.client.GetResponse;

/**
 * The operator's dead-letter operations on the real broker: reading leaves every message where it
 * is and says why it died; a replay puts exactly the message asked for back into its queue,
 * confirmed, with its trace headers, and only then takes it out of the dead-letter queue; a replay
 * the broker cannot take leaves the dead letter where it was; a bulk replay that stops half-way is
 * answered 409 and audited with what it did.
 */
class DeadLetterQueuesTest {

    private static final String AUDIT_TABLE = "com/example/reliable/audit/operator-audit-mysql.sql";

    private CachingConnectionFactory connections;
    private RabbitTemplate rabbit;
    private RabbitAdmin admin;
    private List<Declarable> declared;
    private String queue;
    private String dlq;
    private DeadLetterQueues deadLetters;

    @BeforeEach
    void declareQueues() {
        Servers servers = Servers.get();
        connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        rabbit = new RabbitTemplate(connections);
        admin = new RabbitAdmin(connections);
        queue = "it_dlq_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".events";
        dlq = ConsumerQueue.deadLetterQueue(queue);
        declared = new ArrayList<>(ConsumerQueue.declarables(queue, queue + ".exchange", List.of("#"), 2).getDeclarables());
        declared.forEach(this::declare);
        deadLetters = new DeadLetterQueues(connections, () -> List.of(queue), 100, 10, Duration.ofSeconds(5));
    }

    @AfterEach
    void deleteQueues() {
        for (Declarable declarable : declared) {
            if (declarable instanceof Queue declaredQueue) {
                admin.deleteQueue(declaredQueue.getName());
            }
            else if (declarable instanceof Exchange exchange) {
                admin.deleteExchange(exchange.getName());
            }
        }
        connections.destroy();
    }

    @Test
    void readingLeavesEveryMessageInPlaceAndSaysWhyItDied() {
        rejectIntoDeadLetterQueue(message("m-1", "{\"orderId\":42,\"text\":\"a body longer than the preview\"}"));

        List<DeadLetter> read = deadLetters.read(dlq, 20);

        assertThat(read).singleElement().satisfies(dead -> {
            assertThat(dead.messageId()).isEqualTo("m-1");
            assertThat(dead.type()).isEqualTo("OrderCreated");
            assertThat(dead.sourceId()).isEqualTo("42");
            assertThat(dead.queue()).isEqualTo(queue);
            assertThat(dead.deadLetterQueue()).isEqualTo(dlq);
            assertThat(dead.reason()).isEqualTo("rejected");
            assertThat(dead.deathCount()).isEqualTo(1);
            assertThat(dead.firstDeathAt()).isNotNull();
            assertThat(dead.replays()).isZero();
            assertThat(dead.bodyPreview()).isEqualTo("{\"orderId\"…");
        });
        // Read more often than RabbitMQ 4.x's default delivery limit (20): each read gives the message
        // back, which counts as a delivery; the dead-letter queue's own limit is out of reach.
        for (int i = 0; i < 25; i++) {
            assertThat(deadLetters.read(dlq, 20)).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters.depth(dlq) == 1);
    }

    @Test
    void theQueueReportedIsTheOneWhoseDeadLetterQueueItSitsInWhateverItsHeadersClaim() {
        // Headers naming another queue, as a shovel from another queue's dead-letter queue leaves them, or
        // a publisher forges them. The broker writes x-first-death-* only on a first death (no x-death
        // yet): these stay when it dead-letters the message from this queue.
        Message forged = MessageBuilder.fromMessage(message("m-1", "{}"))
                .setHeader("x-first-death-queue", "inventory.order-events")
                .setHeader("x-first-death-reason", "expired")
                .setHeader("x-death", List.of(Map.of("queue", "inventory.order-events", "reason", "expired",
                        "count", 3L, "exchange", "", "time", new Date(0), "routing-keys",
                        List.of("inventory.order-events"))))
                .build();
        rejectIntoDeadLetterQueue(forged);

        assertThat(deadLetters.read(dlq, 20)).singleElement().satisfies(dead -> {
            assertThat(dead.queue()).isEqualTo(queue);
            assertThat(dead.reason()).as("from the x-death entry for that queue").isEqualTo("rejected");
            assertThat(dead.deathCount()).isEqualTo(1);
            assertThat(dead.firstDeathAt()).isAfter(Instant.now().minusSeconds(60));
        });
        assertThat(deadLetters.replay("m-1").done()).singleElement()
                .satisfies(dead -> assertThat(dead.queue()).isEqualTo(queue));
        assertThat(receive(queue).getMessageProperties().getMessageId()).as("replayed to that queue").isEqualTo("m-1");
    }

    @Test
    void replayPutsTheMessageBackIntoItsQueueWithItsTraceAndTakesItOutOfTheDeadLetterQueue() {
        rejectIntoDeadLetterQueue(message("m-1", "{}"));
        rejectIntoDeadLetterQueue(message("m-2", "{}"));
        rejectIntoDeadLetterQueue(message("m-3", "{}"));

        assertThat(deadLetters.replay("m-2").done()).as("what was replayed, as it died").singleElement().satisfies(dead -> {
            assertThat(dead.messageId()).isEqualTo("m-2");
            assertThat(dead.reason()).isEqualTo("rejected");
            assertThat(dead.queue()).isEqualTo(queue);
            assertThat(dead.deathCount()).isEqualTo(1);
        });

        Message replayed = receive(queue);
        assertThat(replayed.getMessageProperties().getMessageId()).isEqualTo("m-2");
        assertThat(new String(replayed.getBody(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(replayed.getMessageProperties().<String>getHeader("traceparent"))
                .as("the replay continues the message's trace").isEqualTo(traceparent("m-2"));
        assertThat(replayed.getMessageProperties().<Integer>getHeader(DeadLetterQueues.REPLAYS_HEADER)).isEqualTo(1);
        assertThat(replayed.getMessageProperties().getHeaders()).doesNotContainKeys("x-death", "x-first-death-reason",
                "x-first-death-queue");
        assertThat(rabbit.receive(queue)).as("only the one asked for").isNull();
        assertThat(deadLetters.read(dlq, 20)).extracting(DeadLetter::messageId).containsExactly("m-1", "m-3");
    }

    @Test
    void aMessageReplayedAndDeadAgainCountsItsReplays() {
        rejectIntoDeadLetterQueue(message("m-1", "{}"));
        deadLetters.replay("m-1");
        rejectIntoDeadLetterQueue(receive(queue));

        assertThat(deadLetters.read(dlq, 20)).singleElement().satisfies(dead -> {
            assertThat(dead.replays()).isEqualTo(1);
            assertThat(dead.reason()).isEqualTo("rejected");
        });
    }

    @Test
    void bulkReplayTakesTheFirstMessagesUpToItsLimit() {
        for (int i = 1; i <= 5; i++) {
            rejectIntoDeadLetterQueue(message("m-" + i, "{}"));
        }

        assertThat(deadLetters.replayFirst(dlq, 2).done()).extracting(DeadLetter::messageId).containsExactly("m-1", "m-2");

        assertThat(List.of(receive(queue), receive(queue))).extracting(m -> m.getMessageProperties().getMessageId())
                .containsExactly("m-1", "m-2");
        assertThat(deadLetters.read(dlq, 20)).extracting(DeadLetter::messageId).containsExactly("m-3", "m-4", "m-5");
    }

    @Test
    void discardRemovesOnlyThatMessageAndDeliversNothing() {
        rejectIntoDeadLetterQueue(message("m-1", "{}"));
        rejectIntoDeadLetterQueue(message("m-2", "{}"));

        assertThat(deadLetters.discard("m-1").done()).extracting(DeadLetter::messageId).containsExactly("m-1");

        assertThat(deadLetters.read(dlq, 20)).extracting(DeadLetter::messageId).containsExactly("m-2");
        assertThat(rabbit.receive(queue)).isNull();
        assertThat(deadLetters.replay("no-such-message").done()).isEmpty();
        assertThat(deadLetters.discard("no-such-message").done()).isEmpty();
    }

    @Test
    void aReplayTheBrokerCannotTakeLeavesTheDeadLetterWhereItWas() {
        rejectIntoDeadLetterQueue(message("m-1", "{}"));
        admin.deleteQueue(queue); // its queue is gone: the mandatory publish is returned

        DeadLetterQueues.Outcome outcome = deadLetters.replay("m-1");

        assertThat(outcome.done()).isEmpty();
        assertThat(outcome.stoppedBecause()).contains("stays in the dead-letter queue", "does not exist");

        assertThat(deadLetters.read(dlq, 20)).extracting(DeadLetter::messageId).containsExactly("m-1");
    }

    @Test
    void aBulkReplayThatStopsKeepsWhatItDidAndSaysWhy() {
        DeadLetterQueues both = twoQueuesTheSecondGone();

        DeadLetterQueues.Outcome outcome = both.replayFirst(null, 10);

        assertThat(outcome.done()).extracting(DeadLetter::messageId).containsExactly("m-1");
        assertThat(outcome.stoppedBecause()).contains("o-1", "does not exist");
        assertThat(receive(queue).getMessageProperties().getMessageId()).isEqualTo("m-1");
        assertThat(both.read(ConsumerQueue.deadLetterQueue(otherQueue()), 10)).extracting(DeadLetter::messageId)
                .containsExactly("o-1");
    }

    @Test
    void aBulkReplayThatStopsHalfWayIsAConflictAndOneAuditEntrySayingWhatItDidAndWhy() {
        DeadLetterQueues both = twoQueuesTheSecondGone();
        try (ScratchDatabase database = ScratchDatabase.create("it_dlq_audit", AUDIT_TABLE)) {
            var dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
            var controller = new DeadLetterAdminController(both, new SimpleMeterRegistry(), 100,
                    OperatorAudit.writingTo(dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC()));

            assertThatThrownBy(() -> controller.replayFirst(null, 10, () -> "alice"))
                    .isInstanceOfSatisfying(ResponseStatusException.class, refused -> {
                        assertThat(refused.getStatusCode().value()).isEqualTo(409);
                        assertThat(refused.getReason()).contains("o-1", "(1 replayed before it)");
                    });

            assertThat(JdbcClient.create(dataSource).sql("SELECT operator, action, target, outcome, detail FROM operator_audit")
                    .query().listOfRows()).singleElement().satisfies(entry -> {
                        assertThat(entry).containsEntry("operator", "alice").containsEntry("action", "dead-letter.replay-first")
                                .containsEntry("target", "first 10 of every dead-letter queue")
                                .containsEntry("outcome", "PARTLY_DONE");
                        assertThat((String) entry.get("detail")).startsWith("replayed 1; m-1 (OrderCreated 42, rejected, from "
                                + dlq + " to " + queue + "); then stopped: ").contains("o-1", "does not exist");
                    });
        }
        assertThat(receive(queue).getMessageProperties().getMessageId()).isEqualTo("m-1");
    }

    /**
     * This test's queue and a second one, each with a dead letter (m-1 and o-1); the second queue is
     * then deleted, so that its dead letter cannot be replayed: a bulk replay over both stops there.
     */
    private DeadLetterQueues twoQueuesTheSecondGone() {
        String other = otherQueue();
        List<Declarable> more = new ArrayList<>(ConsumerQueue.declarables(other, other + ".exchange", List.of("#"), 2)
                .getDeclarables());
        more.forEach(this::declare);
        declared.addAll(more);
        DeadLetterQueues both = new DeadLetterQueues(connections, () -> List.of(queue, other), 100, 10,
                Duration.ofSeconds(5));
        rejectIntoDeadLetterQueue(message("m-1", "{}"));
        rabbit.send("", ConsumerQueue.deadLetterQueue(other), message("o-1", "{}"));
        admin.deleteQueue(other);
        return both;
    }

    private String otherQueue() {
        return queue.replace(".events", ".other");
    }

    private Message message(String id, String body) {
        return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId(id).setType("OrderCreated")
                .setHeader(MessageLogContext.SOURCE_ID_HEADER, "42").setHeader("traceparent", traceparent(id)).build();
    }

    private static String traceparent(String id) {
        return "00-" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "0".repeat(32 - 2 * id.length())
                + "-00f067aa0ba902b7-01";
    }

    /** Through the queue, as a consumer's refusal does it: the broker dead-letters it with its reason. */
    private void rejectIntoDeadLetterQueue(Message message) {
        rabbit.send("", queue, message);
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.execute(channel -> {
            GetResponse got = channel.basicGet(queue, false);
            if (got == null) {
                return false;
            }
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
            return true;
        }));
        int before = deadLetters.read(dlq, 100).size();
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ids.clear();
            deadLetters.read(dlq, 100).forEach(dead -> ids.add(dead.messageId()));
            return ids.contains(message.getMessageProperties().getMessageId()) || ids.size() > before;
        });
    }

    private Message receive(String from) {
        List<Message> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Message message = rabbit.receive(from);
            if (message != null) {
                got.add(message);
            }
            return !got.isEmpty();
        });
        return got.get(0);
    }

    private void declare(Declarable declarable) {
        if (declarable instanceof Queue declaredQueue) {
            admin.declareQueue(declaredQueue);
        }
        else if (declarable instanceof Exchange exchange) {
            admin.declareExchange(exchange);
        }
        else if (declarable instanceof org.springframework.amqp.core.Binding binding) {
            admin.declareBinding(binding);
        }
    }
}
