package com.example.reliable.logistics.shipments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import com.example.reliable.audit.OperatorAudit;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.OrderEventsProducer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * An operator finds a dead letter, reads why it died and replays it once the cause is fixed, over
 * HTTP as the README shows it with curl: only with the operator account; the replayed event is
 * applied; a bad request gets problem details; every action, done or refused, is one entry of
 * logistics' audit trail ({@code GET /admin/audit}) and one log line, with who did it, and what it
 * touched is counted.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
class DeadLetterApiIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(9000);
    private static final ParameterizedTypeReference<List<Map<String, Object>>> QUEUES = new ParameterizedTypeReference<>() {
    };

    @RegisterExtension
    final LogCapture log = new LogCapture(OperatorAudit.class);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;

    RestClient operator;
    RestClient anonymous;
    String dlq;

    @BeforeEach
    void setUp() {
        operator = client().defaultHeaders(headers -> headers.setBasicAuth("operator", "operator")).build();
        anonymous = client().build();
        dlq = ConsumerQueue.deadLetterQueue(properties.queue());
    }

    @Test
    void theDeadLetterApiNeedsTheOperatorAccount() {
        assertThat(anonymous.get().uri("/admin/dead-letters").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(client().defaultHeaders(headers -> headers.setBasicAuth("operator", "wrong")).build()
                .post().uri("/admin/dead-letters/replay?limit=10").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.get().uri("/shipments/1").retrieve().toBodilessEntity().getStatusCode())
                .as("the read-only API stays open").isEqualTo(HttpStatus.NOT_FOUND);
        // The refused replay is an audit entry under the name it claimed; the refused read is not an action.
        assertThat(audit()).filteredOn(entry -> "request".equals(entry.get("action"))).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("operator", "operator")
                        .containsEntry("target", "POST /admin/dead-letters/replay").containsEntry("outcome", "REFUSED"));
    }

    @Test
    void aDeadLetterIsFoundReadAndReplayedAndItsEventIsApplied() {
        // Dead-lettered before a fix, as it would be: a valid event in the dead-letter queue.
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());
        new OrderEventsProducer(rabbit, properties.queue() + ".dlx").send(dlq, event.messageId(), "OrderCreated",
                json(event), Map.of("source-id", String.valueOf(event.orderId())));
        // And one the consumer refuses: it cannot be read.
        new OrderEventsProducer(rabbit, properties.exchange()).send(OrderEvents.CREATED, "unreadable", "OrderCreated",
                "this is not JSON");

        List<Map<String, Object>> messages = await().atMost(Duration.ofSeconds(10)).until(
                () -> messagesIn(operator.get().uri("/admin/dead-letters").retrieve().body(QUEUES)),
                found -> found.size() == 2);
        assertThat(messages).filteredOn(message -> "unreadable".equals(message.get("messageId"))).singleElement()
                .satisfies(message -> {
                    assertThat(message).containsEntry("reason", "rejected").containsEntry("queue", properties.queue())
                            .containsEntry("type", "OrderCreated").containsEntry("bodyPreview", "this is not JSON")
                            .containsEntry("deathCount", 1);
                    assertThat(message.get("firstDeathAt")).isNotNull();
                });
        assertThat(shipments.findByOrderId(event.orderId())).isEmpty();

        ResponseEntity<Map<String, Object>> replayed = operator.post()
                .uri("/admin/dead-letters/{id}/replay", event.messageId()).retrieve()
                .toEntity(new ParameterizedTypeReference<>() {
                });

        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(replayed.getBody()).containsEntry("action", "replay").containsEntry("count", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(event.orderId()).isPresent());
        assertThat(log.awaitLineStartingWith("Operator operator dead-letter.replay " + event.messageId() + ": DONE")
                .getFormattedMessage()).contains("OrderCreated " + event.orderId());
        assertThat(meters.counter("consumer.dead-letters.operator", "action", "replay").count()).isEqualTo(1.0);

        assertThat(operator.delete().uri("/admin/dead-letters/{id}", "unreadable").retrieve().toBodilessEntity()
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(messagesIn(operator.get().uri("/admin/dead-letters").retrieve().body(QUEUES))).isEmpty();
        assertThat(meters.counter("consumer.dead-letters.operator", "action", "discard").count()).isEqualTo(1.0);

        assertThat(auditOf(event.messageId())).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("operator", "operator").containsEntry("action", "dead-letter.replay")
                    .containsEntry("outcome", "DONE");
            assertThat((String) entry.get("detail")).startsWith("replayed 1; " + event.messageId() + " (OrderCreated "
                    + event.orderId()).contains("from " + dlq + " to " + properties.queue());
        });
        assertThat(auditOf("unreadable")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("action", "dead-letter.discard").containsEntry("outcome", "DONE"));
    }

    @Test
    void badRequestsGetProblemDetailsAndChangeNothing() {
        ResponseEntity<Map<String, Object>> noLimit = operator.post().uri("/admin/dead-letters/replay?limit=0")
                .retrieve().toEntity(new ParameterizedTypeReference<>() {
                });
        ResponseEntity<Map<String, Object>> unknownQueue = operator.post()
                .uri("/admin/dead-letters/replay?limit=5&queue=orders.dlq").retrieve()
                .toEntity(new ParameterizedTypeReference<>() {
                });
        ResponseEntity<Map<String, Object>> unknownMessage = operator.post()
                .uri("/admin/dead-letters/{id}/replay", "no-such-message").retrieve()
                .toEntity(new ParameterizedTypeReference<>() {
                });

        assertThat(noLimit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noLimit.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(String.valueOf(noLimit.getBody().get("detail"))).contains("limit must be between 1 and");
        assertThat(unknownQueue.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(String.valueOf(unknownQueue.getBody().get("detail"))).contains(dlq);
        assertThat(unknownMessage.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // Each refused action once, with the answer the operator got.
        assertThat(auditOf("first 0 of every dead-letter queue")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("outcome", "REFUSED").extracting(e -> String.valueOf(e.get("detail")))
                .asString().startsWith("400: limit must be between 1 and"));
        assertThat(auditOf("first 5 of orders.dlq")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("outcome", "REFUSED"));
        assertThat(auditOf("no-such-message")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("action", "dead-letter.replay").containsEntry("outcome", "REFUSED"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> audit() {
        Map<String, Object> page = operator.get().uri("/admin/audit?limit=500").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
        return (List<Map<String, Object>>) page.get("entries");
    }

    private List<Map<String, Object>> auditOf(String target) {
        return audit().stream().filter(entry -> target.equals(entry.get("target"))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> messagesIn(List<Map<String, Object>> queues) {
        assertThat(queues).extracting(queue -> queue.get("queue")).containsExactly(dlq);
        return (List<Map<String, Object>>) queues.get(0).get("messages");
    }

    private RestClient.Builder client() {
        return RestClient.builder().baseUrl("http://localhost:" + port).defaultStatusHandler(status -> true,
                (request, response) -> {
                });
    }

    private static String json(OrderCreated event) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(event);
    }
}
