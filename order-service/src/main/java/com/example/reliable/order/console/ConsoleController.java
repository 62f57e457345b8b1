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
     * The other service's answer as it came, or 502 when it cannot be reached. The 502 names the
     * service, never its address: the browser has no business knowing the internal network.
     */
    private ResponseEntity<String> read(String service, String baseUrl, String path) {
        try {
            return http.get().uri(baseUrl + path).exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        catch (RestClientException ex) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body("{\"title\":\"Unreachable\",\"status\":502,\"detail\":\"" + service + " did not answer\"}");
        }
    }
}
