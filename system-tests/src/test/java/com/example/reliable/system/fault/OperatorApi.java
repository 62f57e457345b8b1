package com.example.reliable.system.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * order-service's operator API ({@code /admin/messages}, HTTP basic {@code operator/operator}), as an
 * operator uses it: list the message records that wait (SENDING: not yet confirmed; FAILED: given
 * up after the attempt cap) with why their last attempt failed, and retry a FAILED one.
 */
final class OperatorApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String orderService;
    private final String authorization = "Basic "
            + Base64.getEncoder().encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    OperatorApi(String orderService) {
        this.orderService = orderService;
    }

    /** A stored message record, reduced to what the ledger reports. */
    record MessageRecord(String id, String type, long orderId, String status, int attempts, String lastError) {
    }

    /** Every record with this status (SENDING or FAILED), oldest first. */
    List<MessageRecord> records(String status) {
        List<MessageRecord> records = new ArrayList<>();
        for (int page = 0; page < 50; page++) {
            JsonNode answer = JSON.readTree(get("/admin/messages?status=" + status + "&size=200&page=" + page));
            for (JsonNode item : answer.get("items")) {
                JsonNode message = item.get("message");
                records.add(new MessageRecord(message.get("id").asString(), message.get("type").asString(),
                        message.get("source").get("id").asLong(), item.get("status").asString(),
                        item.get("attempts").asInt(), item.path("lastError").asString("")));
            }
            if (records.size() >= answer.get("total").asLong() || answer.get("items").isEmpty()) {
                break;
            }
        }
        return records;
    }

    /** {@code POST /admin/messages/{id}/retry}: a FAILED record goes back to SENDING. */
    boolean retry(String id) {
        return send(HttpRequest.newBuilder(URI.create(orderService + "/admin/messages/" + id + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode() == 204;
    }

    private String get(String path) {
        var response = send(HttpRequest.newBuilder(URI.create(orderService + path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("order-service did not answer: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
