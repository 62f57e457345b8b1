package com.example.reliable.order.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The console page's window on the other services: it reads their public, read-only APIs
 * (shipments, reservations, stock, duplicates skipped) and hands the answers to the browser as they
 * came, so the page talks to one origin only. For display alone: order-service itself never
 * depends on these answers — it tells the other services things through messages only.
 */
@RestController
@RequestMapping("/console")
class ConsoleController {

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
        return read(properties.logisticsUrl() + "/shipments/" + orderId);
    }

    @GetMapping("/reservations/{orderId}")
    ResponseEntity<String> reservation(@PathVariable long orderId) {
        return read(properties.inventoryUrl() + "/reservations/" + orderId);
    }

    @GetMapping("/products")
    ResponseEntity<String> products() {
        return read(properties.inventoryUrl() + "/products");
    }

    @GetMapping("/duplicates/{service}")
    ResponseEntity<String> duplicates(@PathVariable String service) {
        String base = switch (service) {
            case "logistics" -> properties.logisticsUrl();
            case "inventory" -> properties.inventoryUrl();
            default -> null;
        };
        return base == null ? ResponseEntity.notFound().build()
                : read(base + "/actuator/metrics/consumer.duplicates.skipped");
    }

    /** The other service's answer as it came, or 502 when it cannot be reached. */
    private ResponseEntity<String> read(String url) {
        try {
            return http.get().uri(url).exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        catch (RestClientException ex) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body("{\"title\":\"Unreachable\",\"status\":502,\"detail\":\"" + url + " did not answer\"}");
        }
    }
}
