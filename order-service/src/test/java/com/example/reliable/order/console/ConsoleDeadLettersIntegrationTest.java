package com.example.reliable.order.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import com.example.reliable.order.orders.OrderServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.sun.net.httpserver.HttpServer;

/**
 * The console operates the consumers' dead letters and stored messages, and reads their order search
 * and audit trail, through order-service: each call reaches the consumer's {@code /admin/dead-letters},
 * {@code /admin/messages}, {@code /admin/orders/{id}/messages} or {@code /admin/audit} with the operator
 * credentials the page sent (and no others) and the parameters it gave, and the consumer's answer, a
 * refusal included, comes back as it was.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
class ConsoleDeadLettersIntegrationTest {

    private static final String OPERATOR = "Basic b3BlcmF0b3I6b3BlcmF0b3I="; // operator:operator
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static final HttpServer logistics = startLogistics();

    @LocalServerPort int port;

    @DynamicPropertySource
    static void logisticsUrl(DynamicPropertyRegistry registry) {
        registry.add("console.logistics-url", () -> "http://127.0.0.1:" + logistics.getAddress().getPort());
    }

    @AfterAll
    static void stopLogistics() {
        logistics.stop(0);
    }

    @Test
    void deadLetterCallsReachTheConsumerWithTheOperatorsCredentials() {
        calls.clear();
        ResponseEntity<String> listed = call(HttpMethod.GET, "/console/dead-letters/logistics", OPERATOR);
        ResponseEntity<String> replayed = call(HttpMethod.POST, "/console/dead-letters/logistics/m 1/replay", OPERATOR);
        ResponseEntity<String> discarded = call(HttpMethod.DELETE, "/console/dead-letters/logistics/m-2", OPERATOR);

        assertThat(listed.getStatusCode().value()).isEqualTo(200);
        assertThat(listed.getBody()).isEqualTo("[{\"queue\":\"logistics.order-events.dlq\"}]");
        assertThat(replayed.getStatusCode().value()).isEqualTo(200);
        assertThat(discarded.getStatusCode().value()).isEqualTo(204);
        assertThat(calls).containsExactly("GET /admin/dead-letters " + OPERATOR,
                "POST /admin/dead-letters/m%201/replay " + OPERATOR, "DELETE /admin/dead-letters/m-2 " + OPERATOR);
    }

    @Test
    void storedMessageCallsReachTheConsumerWithTheOperatorsCredentialsAndParameters() {
        calls.clear();
        ResponseEntity<String> listed = call(HttpMethod.GET, "/console/messages/logistics?status=SENDING&size=200",
                OPERATOR);
        ResponseEntity<String> retried = call(HttpMethod.POST, "/console/messages/logistics/m-3/retry", OPERATOR);
        ResponseEntity<String> discarded = call(HttpMethod.DELETE,
                "/console/messages/logistics/m-4?force=true&reason=order was refunded", OPERATOR);

        assertThat(listed.getStatusCode().value()).isEqualTo(200);
        assertThat(listed.getBody()).isEqualTo("{\"items\":[]}");
        assertThat(retried.getStatusCode().value()).isEqualTo(204);
        assertThat(discarded.getStatusCode().value()).isEqualTo(204);
        assertThat(calls).containsExactly("GET /admin/messages?status=SENDING&size=200 " + OPERATOR,
                "POST /admin/messages/m-3/retry " + OPERATOR,
                "DELETE /admin/messages/m-4?force=true&reason=order%20was%20refunded " + OPERATOR);
    }

    @Test
    void theOrderSearchAndTheAuditTrailReachTheConsumerWithTheOperatorsCredentials() {
        calls.clear();
        ResponseEntity<String> found = call(HttpMethod.GET, "/console/orders/logistics/42/messages", OPERATOR);
        ResponseEntity<String> audit = call(HttpMethod.GET, "/console/audit/logistics?limit=20", OPERATOR);

        assertThat(found.getStatusCode().value()).isEqualTo(200);
        assertThat(found.getBody()).isEqualTo("{\"service\":\"logistics-service\"}");
        assertThat(audit.getStatusCode().value()).isEqualTo(200);
        assertThat(calls).containsExactly("GET /admin/orders/42/messages " + OPERATOR,
                "GET /admin/audit?limit=20 " + OPERATOR);
        assertThat(call(HttpMethod.GET, "/console/orders/logistics/not-a-number/messages", OPERATOR).getStatusCode()
                .value()).as("bad input").isEqualTo(400);
    }

    @Test
    void aConsumersConflictComesBackAsItWas() {
        ResponseEntity<String> refused = call(HttpMethod.DELETE, "/console/messages/logistics/committed", OPERATOR);

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).contains("force=true and a reason");
    }

    @Test
    void withoutCredentialsTheConsumersRefusalComesBackAsItWas() {
        calls.clear();
        ResponseEntity<String> refused = call(HttpMethod.POST, "/console/dead-letters/logistics/m-1/replay", null);

        assertThat(refused.getStatusCode().value()).isEqualTo(401);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(calls).containsExactly("POST /admin/dead-letters/m-1/replay none");
        assertThat(call(HttpMethod.GET, "/console/dead-letters/shipping", OPERATOR).getStatusCode().value())
                .as("no such service").isEqualTo(404);
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String credentials) {
        return RestClient.create("http://127.0.0.1:" + port).method(method).uri(path)
                .headers(headers -> {
                    if (credentials != null) {
                        headers.set("Authorization", credentials);
                    }
                })
                .exchange((request, answer) -> ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                        .body(new String(answer.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    /** A stand-in for logistics-service's dead-letter API: records each call, refuses one without credentials. */
    private static HttpServer startLogistics() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/admin/dead-letters", exchange -> {
                String credentials = exchange.getRequestHeaders().getFirst("Authorization");
                calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                        + (credentials == null ? "none" : credentials));
                byte[] body = credentials == null ? "{\"status\":401,\"title\":\"Unauthorized\"}".getBytes()
                        : exchange.getRequestMethod().equals("GET") ? "[{\"queue\":\"logistics.order-events.dlq\"}]".getBytes()
                        : "{\"count\":1}".getBytes();
                int status = credentials == null ? 401 : exchange.getRequestMethod().equals("DELETE") ? 204 : 200;
                exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
                if (status != 204) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            for (String read : new String[] { "/admin/orders", "/admin/audit" }) {
                server.createContext(read, exchange -> {
                    String credentials = exchange.getRequestHeaders().getFirst("Authorization");
                    String query = exchange.getRequestURI().getRawQuery();
                    calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                            + (query == null ? "" : "?" + query) + " " + (credentials == null ? "none" : credentials));
                    byte[] body = "{\"service\":\"logistics-service\"}".getBytes();
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
            }
            server.createContext("/admin/messages", exchange -> {
                String credentials = exchange.getRequestHeaders().getFirst("Authorization");
                String query = exchange.getRequestURI().getRawQuery();
                calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query) + " " + (credentials == null ? "none" : credentials));
                boolean committed = exchange.getRequestURI().getRawPath().endsWith("/committed");
                byte[] body = committed ? ("{\"status\":409,\"detail\":\"Message committed reports a committed change; "
                        + "add force=true and a reason\"}").getBytes() : "{\"items\":[]}".getBytes();
                int status = committed ? 409 : exchange.getRequestMethod().equals("GET") ? 200 : 204;
                exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
                if (status != 204) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
