package com.example.reliable.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.OrderEventsProducer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What an operator sees of inventory-service: a duplicate delivery counted, a malformed message in
 * the dead-letter queue's depth, the log lines of a message carrying its message id, order id and
 * the trace id it arrived with, health with the database and RabbitMQ, metrics without credentials
 * (the operator API needs them, and answers a bad request with problem details), and an OpenAPI
 * description. The dead-letter queue depth is sampled every 200 ms here.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "reliable.consuming.metrics-interval=200ms")
class ObservabilityIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(6000);

    @Autowired RabbitTemplate rabbit;
    @Autowired InventoryMessagingProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;
    @RegisterExtension LogCapture serviceLog = new LogCapture(ReservationService.class);

    OrderEventsProducer producer;
    RestClient http;

    @BeforeEach
    void setUp() {
        // A template of its own, without observation: the service's template (observed, for the stock
        // replies) would replace the test's traceparent with a trace of its own.
        producer = new OrderEventsProducer(new RabbitTemplate(rabbit.getConnectionFactory()), properties.exchange());
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
    }

    @Test
    void duplicateDeliveryIsCountedAsSkipped() {
        double before = duplicatesSkipped();
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        producer.send(event);
        producer.send(event);

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicatesSkipped() == before + 1);
        assertThat(meters.get("consumer.duplicates.skipped").counter().getId().getTag("application"))
                .isEqualTo("inventory-service");
    }

    @Test
    void malformedMessageShowsInTheDeadLetterQueueDepth() {
        String dlq = ConsumerQueue.deadLetterQueue(properties.queue());
        producer.send(OrderEvents.CREATED, "not-json-" + orderIds.incrementAndGet(), "OrderCreated", "not JSON");

        await().atMost(Duration.ofSeconds(10)).until(() -> dlqDepth(dlq) == 1);

        rabbit.receive(dlq); // an operator takes it away
        await().atMost(Duration.ofSeconds(10)).until(() -> dlqDepth(dlq) == 0);
    }

    @Test
    void theOperatorReadsTheDeadLetterQueueWithItsAccountOnly() {
        String dlq = ConsumerQueue.deadLetterQueue(properties.queue());
        String id = "unreadable-" + orderIds.incrementAndGet();
        producer.send(OrderEvents.CREATED, id, "OrderCreated", "not JSON");

        assertThat(http.get().uri("/admin/dead-letters").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
        String listing = await().atMost(Duration.ofSeconds(10)).until(() -> http.get().uri("/admin/dead-letters")
                .headers(headers -> headers.setBasicAuth("operator", "operator")).retrieve().body(String.class),
                body -> body.contains(id));
        assertThat(listing).contains("\"queue\":\"" + dlq + "\"", "\"reason\":\"rejected\"");

        assertThat(http.delete().uri("/admin/dead-letters/{id}", id).headers(headers -> headers.setBasicAuth("operator",
                "operator")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> dlqDepth(dlq) == 0);
    }

    @Test
    void logLinesOfAMessageCarryItsMessageIdOrderIdAndTheTraceItArrivedWith() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        producer.send(event, Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));

        await().atMost(Duration.ofSeconds(10)).until(() -> new InventoryTables(jdbc).status(event.orderId()).isPresent());
        ILoggingEvent created = serviceLog.awaitLineStartingWith("Order " + event.orderId() + ": stock");
        assertThat(created.getMDCPropertyMap())
                .containsEntry("messageId", event.messageId())
                .containsEntry("sourceId", String.valueOf(event.orderId()))
                .containsEntry("traceId", traceId);
    }

    @Test
    void healthShowsTheDatabaseAndRabbitMqAndOpenApiDescribesTheStockApi() {
        ResponseEntity<Map> health = http.get().uri("/actuator/health").retrieve().toEntity(Map.class);
        ResponseEntity<Map> docs = http.get().uri("/v3/api-docs").retrieve().toEntity(Map.class);

        assertThat(health.getStatusCode().value()).isEqualTo(200);
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.getBody().get("components");
        assertThat(components.get("db")).containsEntry("status", "UP");
        assertThat(components.get("rabbit")).containsEntry("status", "UP");
        assertThat((Map<String, Object>) docs.getBody().get("paths")).containsKeys("/products", "/products/{id}",
                "/reservations/{orderId}");
        assertThat(http.get().uri("/swagger-ui/index.html").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void theMetricsAreOpenWhileTheOperatorApiIsNot() {
        // The console (order-service) reads this counter without credentials.
        assertThat(http.get().uri("/actuator/metrics/consumer.duplicates.skipped").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(200);
        assertThat(http.get().uri("/admin/dead-letters").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void aBadRequestToTheOperatorApiGetsProblemDetails() {
        ResponseEntity<Map> refused = http.get().uri("/admin/dead-letters?limit=0")
                .headers(headers -> headers.setBasicAuth("operator", "operator")).retrieve().toEntity(Map.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).containsEntry("status", 400);
    }

    private double duplicatesSkipped() {
        return meters.get("consumer.duplicates.skipped").counter().count();
    }

    private double dlqDepth(String dlq) {
        var gauge = meters.find("consumer.dlq.depth").tag("queue", dlq).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

}
