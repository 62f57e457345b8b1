package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.StockReserved;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * An order that gets no answer from inventory does not wait unnoticed: once it has been PLACED longer
 * than {@code order.stalled.after} (1 s here, 5 min by default) it is counted in the gauge
 * {@code orders.stalled}, named in a WARN line, and listed for the operator; inventory's answer takes
 * it off again. No inventory runs here: the orders wait until the test answers them.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = { "order.stalled.after=1s", "order.stalled.check-interval=200ms" })
class StalledOrdersIntegrationTest {

    @RegisterExtension
    final LogCapture log = new LogCapture(StalledOrders.class);

    @Autowired MeterRegistry meters;
    @Autowired RabbitTemplate rabbit;
    @Autowired OrderMessagingProperties properties;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @Test
    void anOrderWithoutAnAnswerIsCountedListedAndLoggedUntilItGetsOne() {
        long orderId = ((Number) client.place(OrdersClient.order("c-stalled", "SKU-1", 1)).getBody().get("id")).longValue();

        await().atMost(Duration.ofSeconds(10)).until(() -> stalled() == 1.0);
        Map<String, Object> listed = client.admin("GET", "/admin/orders/stalled", "operator", "operator").getBody();
        assertThat(listed).containsEntry("count", 1).containsEntry("placedLongerThan", "PT1S");
        List<Map<String, Object>> orders = (List<Map<String, Object>>) listed.get("orders");
        assertThat(orders).singleElement().satisfies(order -> {
            assertThat(order).containsEntry("id", (int) orderId).containsEntry("customerId", "c-stalled");
            assertThat(Duration.parse((String) order.get("waiting"))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
        assertThat(log.awaitLineStartingWith("1 order(s) PLACED for longer than PT1S, the oldest #" + orderId + " ")
                .getLevel()).hasToString("WARN");
        assertThat(client.admin("GET", "/admin/orders/stalled", null, null).getStatusCode().value())
                .as("the operator's").isEqualTo(401);

        var answer = new StockReserved(UUID.randomUUID().toString(), Instant.now(), orderId, 0);
        rabbit.send(properties.repliesExchange(), InventoryEvents.RESERVED, MessageBuilder
                .withBody(json.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).setMessageId(answer.messageId())
                .setType("StockReserved").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> stalled() == 0.0);
        assertThat(client.admin("GET", "/admin/orders/stalled", "operator", "operator").getBody())
                .containsEntry("count", 0).containsEntry("orders", List.of());
        log.awaitLineStartingWith("No order is PLACED for longer than PT1S any more");
    }

    private double stalled() {
        var gauge = meters.find("orders.stalled").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
