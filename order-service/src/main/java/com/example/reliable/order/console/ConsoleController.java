package com.example.reliable.order.console;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The console page's window on the other services: it reads their public, read-only APIs
 * (shipments, reservations, stock, duplicates skipped) and hands the answers to the browser as they
 * came, so the page talks to one origin only. Their operator APIs — stored messages, dead letters,
 * the order search and the audit trail — it passes on with the operator credentials the page sends,
 * which the consumer checks. For display and operation alone:
 * order-service itself never depends on these answers — it tells the other services things through
 * messages only.
 */
@RestController
@RequestMapping("/console")
class ConsoleController {

    private static final String LOGISTICS = "logistics-service";
    private static final String INVENTORY = "inventory-service";

    private final ConsoleProperties properties;
    private final RestClient http;

    ConsoleController(ConsoleProperties properties, RestClient.Builder builder) {
        this.properties = properties;
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.timeout());
        requests.setReadTimeout(properties.timeout());
        this.http = builder.requestFactory(requests).build();
    }

    @GetMapping("/shipments/{orderId}")
    ResponseEntity<String> shipment(@PathVariable long orderId) {
        return read(LOGISTICS, properties.logisticsUrl(), "/shipments/" + orderId);
    }

    @GetMapping("/reservations/{orderId}")
    ResponseEntity<String> reservation(@PathVariable long orderId) {
        return read(INVENTORY, properties.inventoryUrl(), "/reservations/" + orderId);
    }

    @GetMapping("/products")
    ResponseEntity<String> products() {
        return read(INVENTORY, properties.inventoryUrl(), "/products");
    }

    @GetMapping("/duplicates/{service}")
    ResponseEntity<String> duplicates(@PathVariable String service) {
        String path = "/actuator/metrics/consumer.duplicates.skipped";
        return switch (service) {
            case "logistics" -> read(LOGISTICS, properties.logisticsUrl(), path);
            case "inventory" -> read(INVENTORY, properties.inventoryUrl(), path);
            default -> ResponseEntity.notFound().build();
        };
    }

    /**
     * A consumer's dead-letter queues ({@code GET /admin/dead-letters} there), with the operator
     * credentials the browser sent: the consumer checks them, this only passes them on. order-service's
     * own dead letters the page reads from {@code /admin/dead-letters} here directly.
     */
    @GetMapping("/dead-letters/{service}")
    ResponseEntity<String> deadLetters(@PathVariable String service,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.GET, "/admin/dead-letters", credentials);
    }

    @PostMapping("/dead-letters/{service}/{messageId}/replay")
    ResponseEntity<String> replay(@PathVariable String service, @PathVariable String messageId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.POST, "/admin/dead-letters/{id}/replay", credentials, messageId);
    }

    @DeleteMapping("/dead-letters/{service}/{messageId}")
    ResponseEntity<String> discard(@PathVariable String service, @PathVariable String messageId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.DELETE, "/admin/dead-letters/{id}", credentials, messageId);
    }

    /**
     * A consumer's stored messages ({@code GET /admin/messages} there: its outbox records, SENDING or
     * FAILED), with the operator credentials the browser sent. order-service's own the page reads from
     * {@code /admin/messages} here directly.
     */
    @GetMapping("/messages/{service}")
    ResponseEntity<String> messages(@PathVariable String service, @RequestParam(defaultValue = "FAILED") String status,
            @RequestParam(defaultValue = "20") int size,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.GET, "/admin/messages?status={status}&size={size}", credentials, status,
                size);
    }

    @PostMapping("/messages/{service}/{messageId}/retry")
    ResponseEntity<String> retryMessage(@PathVariable String service, @PathVariable String messageId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.POST, "/admin/messages/{id}/retry", credentials, messageId);
    }

    /** Passes {@code force} and {@code reason} on: the consumer decides, with its own 409 for a committed change. */
    @DeleteMapping("/messages/{service}/{messageId}")
    ResponseEntity<String> discardMessage(@PathVariable String service, @PathVariable String messageId,
            @RequestParam(defaultValue = "false") boolean force, @RequestParam(required = false) String reason,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return reason == null
                ? consumer(service, HttpMethod.DELETE, "/admin/messages/{id}?force={force}", credentials, messageId, force)
                : consumer(service, HttpMethod.DELETE, "/admin/messages/{id}?force={force}&reason={reason}", credentials,
                        messageId, force, reason);
    }

    /**
     * A consumer's answer to "where is my order?" ({@code GET /admin/orders/{id}/messages} there), with
     * the operator credentials the browser sent. order-service's own the page reads here directly.
     */
    @GetMapping("/orders/{service}/{orderId}/messages")
    ResponseEntity<String> orderMessages(@PathVariable String service, @PathVariable long orderId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.GET, "/admin/orders/{id}/messages", credentials, orderId);
    }

    /** A consumer's audit trail ({@code GET /admin/audit} there), newest first, with the operator credentials. */
    @GetMapping("/audit/{service}")
    ResponseEntity<String> audit(@PathVariable String service, @RequestParam(defaultValue = "20") int limit,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        return consumer(service, HttpMethod.GET, "/admin/audit?limit={limit}", credentials, limit);
    }

    private ResponseEntity<String> consumer(String service, HttpMethod method, String path, String credentials,
            Object... pathVariables) {
        return switch (service) {
            case "logistics" -> call(LOGISTICS, properties.logisticsUrl(), method, path, credentials, pathVariables);
            case "inventory" -> call(INVENTORY, properties.inventoryUrl(), method, path, credentials, pathVariables);
            default -> ResponseEntity.notFound().build();
        };
    }

    private ResponseEntity<String> read(String service, String baseUrl, String path) {
        return call(service, baseUrl, HttpMethod.GET, path, null);
    }

    /**
     * The other service's answer as it came (status and body), or 502 when it cannot be reached. The
     * 502 names the service, never its address: the browser has no business knowing the internal
     * network. Credentials, if any, are passed on as they came; no other header is.
     */
    private ResponseEntity<String> call(String service, String baseUrl, HttpMethod method, String path,
            String credentials, Object... pathVariables) {
        try {
            return http.method(method).uri(baseUrl + path, pathVariables)
                    .headers(headers -> {
                        if (credentials != null) {
                            headers.set(HttpHeaders.AUTHORIZATION, credentials);
                        }
                    })
                    .exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                            .contentType(response.getStatusCode().isError() ? MediaType.APPLICATION_PROBLEM_JSON
                                    : MediaType.APPLICATION_JSON)
                            .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        catch (RestClientException ex) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body("{\"title\":\"Unreachable\",\"status\":502,\"detail\":\"" + service + " did not answer\"}");
        }
    }
}
