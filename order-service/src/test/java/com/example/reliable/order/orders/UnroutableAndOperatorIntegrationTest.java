package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * A message no queue takes: the broker acks it (it did accept it) but returns it first. That ack
 * must not count as delivery. After three attempts the record is FAILED, and it stays FAILED until
 * an operator retries or discards it through the admin API. Every such action, done or refused,
 * leaves exactly one entry in order-service's audit trail ({@code GET /admin/audit}); with the JDBC
 * store, a retry whose entry cannot be written is not made either.
 */
@OrderServiceIntegrationTest
@Tag("store-contract") // run with each store: see order-service/pom.xml
@IsolatedInfrastructure
@TestPropertySource(properties = OrderServiceIntegrationTest.TIMELINE_NOT_ON_ORDER_EVENTS) // nothing takes order events
class UnroutableAndOperatorIntegrationTest {

    static final String OPERATOR = "operator";

    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired MessageStore store;
    @Autowired JdbcClient jdbc;
    @Value("${reliable.publishing.store:redis}") String storeKind;
    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @Test
    void unroutableMessageIsFailedAfterThreeAttemptsAndNeverDeletedOnTheAck() {
        client.place(OrdersClient.order("c-1", "SKU-1", 1)); // nothing is bound to the exchange

        String messageId = onlyRecord(MessageStatus.SENDING).id();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.find(messageId).map(MessageRecord::status).orElse(null) == MessageStatus.FAILED);

        MessageRecord failed = store.find(messageId).orElseThrow();
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).startsWith("unroutable: NO_ROUTE");
        // FAILED is final until an operator acts: the job leaves it alone.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> store.find(messageId).map(MessageRecord::status).orElse(null) == MessageStatus.FAILED);
    }

    @Test
    void operatorRetriesAFailedMessageOnceItCanBeRouted() {
        client.place(OrdersClient.order("c-2", "SKU-1", 1));
        String messageId = awaitFailed();
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            var page = client.admin("GET", "/admin/messages?status=FAILED", OPERATOR, OPERATOR);
            assertThat(page.getStatusCode().value()).isEqualTo(200);
            assertThat(page.getBody()).containsEntry("total", 1);
            assertThat((List<Map<String, Object>>) page.getBody().get("items")).singleElement()
                    .satisfies(item -> assertThat(item).containsEntry("attempts", 3));

            var retried = client.admin("POST", "/admin/messages/" + messageId + "/retry", OPERATOR, OPERATOR);

            assertThat(retried.getStatusCode().value()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.find(messageId).isEmpty());
            assertThat(queue.next().getMessageProperties().getMessageId()).isEqualTo(messageId);
            assertThat(auditOf(messageId)).singleElement().satisfies(entry -> {
                assertThat(entry).containsEntry("operator", OPERATOR).containsEntry("action", "message.retry")
                        .containsEntry("outcome", "DONE");
                assertThat((String) entry.get("detail")).startsWith("FAILED to SENDING");
            });
        }
        finally {
            queue.delete();
        }
    }

    @Test
    void operatorDiscardsAFailedMessage() {
        client.place(OrdersClient.order("c-3", "SKU-1", 1));
        String messageId = awaitFailed();

        var discarded = client.admin("DELETE", "/admin/messages/" + messageId, OPERATOR, OPERATOR);

        assertThat(discarded.getStatusCode().value()).isEqualTo(204);
        assertThat(store.find(messageId)).isEmpty();
        assertThat(client.admin("DELETE", "/admin/messages/" + messageId, OPERATOR, OPERATOR).getStatusCode().value())
                .isEqualTo(404);
        // Newest first: the second discard, refused (nothing left to discard), then the first, done.
        assertThat(auditOf(messageId)).extracting(entry -> entry.get("action") + " " + entry.get("outcome"))
                .containsExactly("message.discard REFUSED", "message.discard DONE");
        assertThat((String) auditOf(messageId).get(1).get("detail")).startsWith("discarded FAILED OrderCreated of ");
    }

    @Test
    void discardingAMessageOfACommittedChangeThatIsStillOnItsWayNeedsForceAndAReason() {
        // Committed order, record SENDING (not due for an hour): its event is on its way.
        var placed = client.place(OrdersClient.order("c-keep", "SKU-1", 1));
        long orderId = ((Number) placed.getBody().get("id")).longValue();
        var message = new OutgoingMessage("on-its-way", exchange.getName(), "order.created", "OrderCreated", "{}",
                new Source(String.valueOf(orderId), 0), Instant.now(), null);
        store.save(new MessageRecord(message, MessageStatus.SENDING, 0, Instant.now().plusSeconds(3600), null));

        var refused = client.admin("DELETE", "/admin/messages/on-its-way", OPERATOR, OPERATOR);
        var withoutReason = client.admin("DELETE", "/admin/messages/on-its-way?force=true", OPERATOR, OPERATOR);

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(withoutReason.getStatusCode().value()).isEqualTo(400);
        assertThat(store.find("on-its-way")).as("still there").isPresent();

        var forced = client.admin("DELETE", "/admin/messages/on-its-way?force=true&reason=sent-by-hand", OPERATOR,
                OPERATOR);

        assertThat(forced.getStatusCode().value()).isEqualTo(204);
        assertThat(store.find("on-its-way")).isEmpty();
        List<Map<String, Object>> audit = auditOf("on-its-way");
        assertThat(audit).extracting(entry -> entry.get("action") + " " + entry.get("outcome") + " " + entry.get("reason"))
                .containsExactly("message.discard-forced DONE sent-by-hand", "message.discard-forced REFUSED null",
                        "message.discard REFUSED null");
        assertThat((String) audit.get(1).get("detail")).isEqualTo("400: A forced discard needs a reason");
        assertThat((String) audit.get(2).get("detail")).startsWith("409: Message on-its-way reports a committed change");
    }

    @Test
    void operatorApiNeedsTheOperatorsCredentialsAndRecordsTheActionsItRefused() {
        assertThat(client.admin("GET", "/admin/messages", null, null).getStatusCode().value()).isEqualTo(401);
        assertThat(client.admin("GET", "/admin/messages", OPERATOR, "wrong").getStatusCode().value()).isEqualTo(401);
        assertThat(client.admin("POST", "/admin/messages/x/retry", null, null).getStatusCode().value()).isEqualTo(401);
        assertThat(client.admin("DELETE", "/admin/messages/y?force=true&reason=x", "mallory", "guess").getStatusCode()
                .value()).isEqualTo(401);
        assertThat(client.admin("GET", "/admin/audit", null, null).getStatusCode().value()).isEqualTo(401);

        // Each refused action once, under the name it claimed; the refused reads are not actions.
        assertThat(auditOf("POST /admin/messages/x/retry")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("operator", "(none)").containsEntry("action", "request").containsEntry("outcome", "REFUSED")
                .containsEntry("detail", "401: no valid operator credentials"));
        assertThat(auditOf("DELETE /admin/messages/y")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("operator", "mallory").containsEntry("outcome", "REFUSED"));
        assertThat(audit()).noneMatch(entry -> String.valueOf(entry.get("target")).startsWith("GET "));
    }

    @Test
    void withTheJdbcStoreARetryWhoseEntryCannotBeWrittenIsNotMadeEither() {
        client.place(OrdersClient.order("c-unaudited", "SKU-1", 1));
        String messageId = awaitFailed();
        jdbc.sql("RENAME TABLE operator_audit TO operator_audit_away").update();
        try {
            var response = client.admin("POST", "/admin/messages/" + messageId + "/retry", OPERATOR, OPERATOR);

            assertThat(response.getStatusCode().value()).isEqualTo(500);
            // The JDBC store's change rolls back with the entry; the Redis store's is made before it (its condition).
            assertThat(store.find(messageId).orElseThrow().status())
                    .isEqualTo(storeKind.equals("jdbc") ? MessageStatus.FAILED : MessageStatus.SENDING);
        }
        finally {
            jdbc.sql("RENAME TABLE operator_audit_away TO operator_audit").update();
        }
    }

    @Test
    void retryingAMessageThatIsNotFailedIsAConflict() {
        var message = new OutgoingMessage("not-failed", exchange.getName(), "order.created", "OrderCreated", "{}",
                new Source("1", 0), Instant.now(), null);
        store.save(new MessageRecord(message, MessageStatus.SENDING, 0, Instant.now().plusSeconds(3600), null));

        var response = client.admin("POST", "/admin/messages/not-failed/retry", OPERATOR, OPERATOR);

        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(store.find("not-failed").orElseThrow().status()).isEqualTo(MessageStatus.SENDING);
        assertThat(auditOf("not-failed")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("action", "message.retry").containsEntry("outcome", "REFUSED")
                .containsEntry("detail", "409: Message not-failed is not FAILED"));
    }

    @AfterEach
    void removeRecords() {
        for (MessageStatus status : MessageStatus.values()) {
            store.list(status, 0, 100).forEach(record -> store.discard(record.id()));
        }
    }

    /** The audit trail as GET /admin/audit answers it, newest first. */
    private List<Map<String, Object>> audit() {
        var page = client.admin("GET", "/admin/audit?limit=500", OPERATOR, OPERATOR);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        return (List<Map<String, Object>>) page.getBody().get("entries");
    }

    private List<Map<String, Object>> auditOf(String target) {
        return audit().stream().filter(entry -> target.equals(entry.get("target"))).toList();
    }

    private String awaitFailed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> store.count(MessageStatus.FAILED) == 1);
        return onlyRecord(MessageStatus.FAILED).id();
    }

    private MessageRecord onlyRecord(MessageStatus status) {
        var records = store.list(status, 0, 10);
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
