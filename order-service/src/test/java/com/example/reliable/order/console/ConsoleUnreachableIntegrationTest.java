package com.example.reliable.order.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * When a service the console reads cannot be reached, the browser gets a 502 problem that names the
 * service and not its internal address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.logistics-url=http://127.0.0.1:1/internal-logistics", "console.inventory-url=http://127.0.0.1:1",
        "order.messaging.exchange=${test.namespace}.order.events",
        "order.messaging.replies-exchange=${test.namespace}.inventory.events",
        "order.messaging.replies-queue=${test.namespace}.order.stock-replies",
        "order.timeline.queue=${test.namespace}.order.timeline",
        "order.timeline.shipment-events-exchange=${test.namespace}.logistics.events",
        "order.timeline.key-prefix=${test.namespace}:timeline:" })
@IsolatedInfrastructure
class ConsoleUnreachableIntegrationTest {

    @LocalServerPort int port;

    @Test
    void anUnreachableServiceIsA502ProblemNamingTheServiceNotItsAddress() {
        ResponseEntity<String> response = RestClient.create("http://127.0.0.1:" + port).get().uri("/console/shipments/1")
                .exchange((request, answer) -> ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                        .body(new String(answer.getBody().readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(response.getStatusCode().value()).isEqualTo(502);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getBody()).contains("logistics-service did not answer")
                .doesNotContain("127.0.0.1", "internal-logistics", "http");
    }
}
