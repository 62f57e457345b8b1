package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * {@code POST /orders} reads its body strictly: what is not exactly an order is a 4xx problem and
 * stores nothing — no number coerced from a float or a string, no key given twice, no control
 * characters in text, no body beyond {@code order.web.max-request-body} (64 KB).
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
class StrictInputIntegrationTest {

    @Autowired OrderRepository orders;
    @Autowired MessageStore store;
    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @Test
    void quantitiesThatAreNotIntegersAreRefused() {
        for (String quantity : new String[] { "1.5", "\"5\"", "1e3", "true" }) {
            assertProblem(client.postRaw(order("c-1", "SKU-1", quantity)), 400);
        }
        assertNothingStored();
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        String twice = order("c-1", "SKU-1", "1").replaceFirst("\\{", "{\"customerId\":\"c-first\",");

        assertProblem(client.postRaw(twice), 400);
        assertNothingStored();
    }

    @Test
    void controlCharactersInTextAreRefusedNamingTheField() {
        ResponseEntity<String> response = client.postRaw(order("c\\u0000-nul", "SKU-1\\u001b", "1"));

        assertProblem(response, 400);
        assertThat(response.getBody()).contains("\"customerId\"", "\"lines[0].productId\"",
                "must not contain control characters");
        assertNothingStored();
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsKnownOrNot() throws Exception {
        String huge = order("c-1", "SKU-1", "1").replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(100_000) + "\",");

        assertProblem(client.postRaw(huge), 413);

        // Streamed (chunked), so that no Content-Length announces the size.
        HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                .uri(URI.create("http://127.0.0.1:" + port + "/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertNothingStored();
    }

    private static String order(String customerId, String productId, String quantity) {
        return "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"productId\":\"" + productId + "\",\"quantity\":"
                + quantity + "}],\"shippingAddress\":{\"street\":\"1 Main St\",\"city\":\"Springfield\","
                + "\"postalCode\":\"12345\",\"country\":\"US\"}}";
    }

    private static void assertProblem(ResponseEntity<String> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
    }

    private void assertNothingStored() {
        assertThat(orders.count()).isZero();
        assertThat(store.count(MessageStatus.SENDING)).isZero();
    }
}
