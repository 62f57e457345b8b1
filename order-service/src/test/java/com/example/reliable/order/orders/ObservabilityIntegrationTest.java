package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * What an operator sees of order-service from outside: health with its three servers, the operator's
 * metrics behind the operator's credentials, the trace of a request continuing in the message it
 * publishes, and an OpenAPI description of every endpoint.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
class ObservabilityIntegrationTest {

    /** A W3C trace context as a caller (a browser, a gateway) would send it. */
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @LocalServerPort int port;

    RestClient http;
    OrdersClient client;
    BoundQueue queue;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
        client = new OrdersClient(port);
        queue = BoundQueue.bind(admin, rabbit, exchange);
    }

    @AfterEach
    void deleteQueue() {
        queue.delete();
    }

    @Test
    void healthShowsTheDatabaseRedisAndRabbitMqToAnyone() {
        ResponseEntity<Map> health = http.get().uri("/actuator/health").retrieve().toEntity(Map.class);

        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody()).containsEntry("status", "UP");
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.getBody().get("components");
        assertThat(components).containsKeys("db", "redis", "rabbit");
        assertThat(components.get("db")).containsEntry("status", "UP").containsKey("details");
        assertThat(components.get("redis")).containsEntry("status", "UP");
        assertThat(components.get("rabbit")).containsEntry("status", "UP");
    }

    @Test
    void metricsAreTheOperatorsWhileHealthIsOpen() {
        // (/actuator/prometheus is open too: PublishingMetricsIntegrationTest scrapes it without credentials.)
        assertThat(status("/actuator/health", null)).isEqualTo(200);
        assertThat(status("/actuator/metrics", null)).isEqualTo(401);
        assertThat(status("/actuator/metrics/publishing.messages", "operator")).isEqualTo(200);
    }

    @Test
    void publishedMessageCarriesTheTraceOfTheRequestThatPlacedTheOrderAndTheOrderId() {
        ResponseEntity<Map> placed = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", TRACEPARENT).body(OrdersClient.order("c-trace", "SKU-1", 1)).retrieve()
                .toEntity(Map.class);
        long orderId = ((Number) placed.getBody().get("id")).longValue();

        Message message = queue.next();

        assertThat(message).isNotNull();
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        // Added by the RabbitTemplate's observation: same trace, the publish's own span, sampled.
        assertThat(String.valueOf(headers.get("traceparent"))).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .isNotEqualTo(TRACEPARENT);
        assertThat(headers).containsEntry("source-id", String.valueOf(orderId));
    }

    @Test
    void openApiDescribesEveryEndpointAndSwaggerUiIsServed() {
        ResponseEntity<Map> docs = http.get().uri("/v3/api-docs").retrieve().toEntity(Map.class);

        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat((Map<String, Object>) docs.getBody().get("paths")).containsKeys("/orders", "/orders/{id}",
                "/orders/{id}/cancel", "/admin/messages", "/admin/messages/{id}/retry", "/admin/messages/{id}");
        assertThat(status("/swagger-ui/index.html", null)).isEqualTo(200);
        assertThat(status("/swagger-ui.html", null)).isIn(200, 302);
    }

    private int status(String path, String operator) {
        return http.get().uri(path).headers(headers -> {
            if (operator != null) {
                headers.setBasicAuth(operator, operator);
            }
        }).retrieve().toBodilessEntity().getStatusCode().value();
    }
}
