package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/** The REST contract: bad input is refused with a problem and stores nothing; an Idempotency-Key makes a POST safe to retry. */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
class OrderApiIntegrationTest {

    @Autowired OrderRepository orders;
    @Autowired MessageStore store;
    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @AfterEach
    void removeOrdersAndRecords() {
        orders.deleteAll();
        for (MessageStatus status : MessageStatus.values()) {
            store.list(status, 0, 100).forEach(record -> store.discard(record.id()));
        }
    }

    @Test
    void invalidOrderIsA400ProblemNamingEachBadFieldAndStoresNothing() {
        var body = Map.of("customerId", " ",
                "lines", List.of(Map.of("productId", "SKU-1", "quantity", 0)),
                "shippingAddress", Map.of("street", "1 Main St", "city", "", "postalCode", "1", "country", "US"));

        var response = client.place(body);

        assertProblem(response, 400);
        assertThat((List<Map<String, String>>) response.getBody().get("errors"))
                .extracting(error -> error.get("field"))
                .containsExactlyInAnyOrder("customerId", "lines[0].quantity", "shippingAddress.city");
        assertNothingStored();
    }

    @Test
    void orderWithoutLinesOrAddressIsA400Problem() {
        var response = client.place(Map.of("customerId", "c-1", "lines", List.of()));

        assertProblem(response, 400);
        assertThat((List<Map<String, String>>) response.getBody().get("errors"))
                .extracting(error -> error.get("field"))
                .containsExactlyInAnyOrder("lines", "shippingAddress");
        assertNothingStored();
    }

    @Test
    void malformedJsonIsA400ProblemAndStoresNothing() {
        var response = client.postRaw("{\"customerId\": \"c-1\", \"lines\": [");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertNothingStored();
    }

    @Test
    void overlongIdempotencyKeyIsA400Problem() {
        var response = client.place(OrdersClient.order("c-1", "SKU-1", 1), "k".repeat(101));

        assertProblem(response, 400);
        assertThat((List<Map<String, String>>) response.getBody().get("errors"))
                .extracting(error -> error.get("field")).containsExactly("Idempotency-Key");
        assertNothingStored();
    }

    @Test
    void aCancelThatIsNotAJsonRequestIsRefusedSoNoOtherSiteCanCancel() {
        var placed = client.place(OrdersClient.order("c-csrf", "SKU-1", 1));
        Object id = placed.getBody().get("id");

        for (MediaType simple : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED)) {
            var response = client.cancelAsSimpleRequest(id, simple);
            assertProblem(response, 415);
        }

        assertThat(client.get(id).getBody()).containsEntry("status", "PLACED");
        assertThat(client.cancel(id).getBody()).containsEntry("status", "CANCELLED");
    }

    @Test
    void idempotencyKeysDifferingOnlyInCaseAreDifferentKeys() {
        var first = client.place(OrdersClient.order("c-lower", "SKU-1", 1), "key-case");
        var second = client.place(OrdersClient.order("c-upper", "SKU-1", 1), "KEY-CASE");

        assertThat(second.getStatusCode().value()).isEqualTo(201);
        assertThat(second.getBody().get("id")).as("a new order, not the other key's").isNotEqualTo(first.getBody().get("id"));
        assertThat(second.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(second.getBody()).containsEntry("customerId", "c-upper");
    }

    @Test
    void twoIdempotencyKeyHeadersAreA400Problem() {
        var response = client.placeWithHeaders(OrdersClient.order("c-1", "SKU-1", 1), "Idempotency-Key", "dup-a",
                "Idempotency-Key", "dup-b");

        assertProblem(response, 400);
        assertThat((List<Map<String, String>>) response.getBody().get("errors"))
                .extracting(error -> error.get("field")).containsExactly("Idempotency-Key");
        assertNothingStored();
    }

    @Test
    void retriedPostWithTheSameIdempotencyKeyReturnsTheFirstOrder() {
        var body = OrdersClient.order("c-idem", "SKU-3", 2);

        var first = client.place(body, "key-1");
        var retried = client.place(body, "key-1");

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(retried.getStatusCode().value()).isEqualTo(201);
        assertThat(retried.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(retried.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retried.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(orders.findAll()).filteredOn(order -> order.getCustomerId().equals("c-idem")).hasSize(1);
        assertThat(client.get(first.getBody().get("id")).getBody()).containsEntry("customerId", "c-idem");
    }

    @Test
    void sameIdempotencyKeySentTwiceAtOnceCreatesOneOrder() throws Exception {
        var body = OrdersClient.order("c-race", "SKU-4", 1);
        CountDownLatch start = new CountDownLatch(1);
        var a = CompletableFuture.supplyAsync(() -> placeAfter(start, body));
        var b = CompletableFuture.supplyAsync(() -> placeAfter(start, body));
        start.countDown();

        assertThat(a.get().getStatusCode().value()).isEqualTo(201);
        assertThat(b.get().getStatusCode().value()).isEqualTo(201);
        assertThat(a.get().getBody().get("id")).isEqualTo(b.get().getBody().get("id"));
        assertThat(orders.findAll()).filteredOn(order -> order.getCustomerId().equals("c-race")).hasSize(1);
    }

    @Test
    void idempotencyKeyReusedWithADifferentBodyIsA422Problem() {
        client.place(OrdersClient.order("c-5", "SKU-1", 1), "key-2");

        var response = client.place(OrdersClient.order("c-5", "SKU-1", 7), "key-2");

        assertProblem(response, 422);
        assertThat(orders.findAll()).filteredOn(order -> order.getCustomerId().equals("c-5")).hasSize(1);
    }

    private ResponseEntity<Map> placeAfter(CountDownLatch start, Object body) {
        try {
            start.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return client.place(body, "race-key");
    }

    private static void assertProblem(ResponseEntity<Map> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getBody()).containsEntry("status", status).containsKey("title");
    }

    private void assertNothingStored() {
        assertThat(orders.count()).isZero();
        assertThat(store.count(MessageStatus.SENDING)).isZero();
        assertThat(store.count(MessageStatus.FAILED)).isZero();
    }
}
