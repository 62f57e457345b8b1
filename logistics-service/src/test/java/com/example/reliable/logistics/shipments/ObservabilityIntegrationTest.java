package com.example.reliable.logistics.shipments;

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
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.OrderEventsProducer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What an operator sees of logistics-service: a duplicate delivery counted, a malformed message in
 * the dead-letter queue's depth, the log lines of a message carrying its message id, order id and
 * the trace id it arrived with, health with the database and RabbitMQ, metrics without credentials
 * (the operator API needs them), and an OpenAPI description. The dead-letter queue depth is
 * sampled every 200 ms here.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "reliable.consuming.metrics-interval=200ms")
class ObservabilityIntegrationTest {

    private static final AtomicLong orderIds = new AtomicLong(5000);

    @Autowired RabbitTemplate rabbit;
    @Autowired LogisticsMessagingProperties properties;
    @Autowired ShipmentRepository shipments;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;
    @RegisterExtension LogCapture serviceLog = new LogCapture(ShipmentService.class);

    OrderEventsProducer producer;
    RestClient http;

    @BeforeEach
    void setUp() {
        // A template of our own: the service's observes its publishes (for its shipment events) and
        // would write the test thread's own trace over the traceparent this test sets.
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
                .isEqualTo("logistics-service");
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
    void logLinesOfAMessageCarryItsMessageIdOrderIdAndTheTraceItArrivedWith() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        OrderCreated event = OrderEventsProducer.created(orderIds.incrementAndGet());

        producer.send(event, Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));

        await().atMost(Duration.ofSeconds(10)).until(() -> shipments.findByOrderId(event.orderId()).isPresent());
        ILoggingEvent created = serviceLog.awaitLineStartingWith("Shipment for order " + event.orderId());
        assertThat(created.getMDCPropertyMap())
                .containsEntry("messageId", event.messageId())
                .containsEntry("sourceId", String.valueOf(event.orderId()))
                .containsEntry("traceId", traceId);
    }

    @Test
    void healthShowsTheDatabaseAndRabbitMqAndOpenApiDescribesTheShipmentsApi() {
        ResponseEntity<Map> health = http.get().uri("/actuator/health").retrieve().toEntity(Map.class);
        ResponseEntity<Map> docs = http.get().uri("/v3/api-docs").retrieve().toEntity(Map.class);

        assertThat(health.getStatusCode().value()).isEqualTo(200);
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.getBody().get("components");
        assertThat(components.get("db")).containsEntry("status", "UP");
        assertThat(components.get("rabbit")).containsEntry("status", "UP");
        assertThat((Map<String, Object>) docs.getBody().get("paths")).containsKey("/shipments/{orderId}");
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

    private double duplicatesSkipped() {
        return meters.get("consumer.duplicates.skipped").counter().count();
    }

    private double dlqDepth(String dlq) {
        var gauge = meters.find("consumer.dlq.depth").tag("queue", dlq).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

}
