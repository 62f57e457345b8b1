package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The numbers an operator watches move with what happens to the messages: an unroutable order shows
 * as one FAILED message on {@code /actuator/prometheus}; a delivered one as one confirm timed as an
 * ack; a waiting record as the age of the oldest SENDING record; resends and discards are counted.
 * The gauges are sampled every 200 ms here.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
@AutoConfigureMetrics // the Prometheus registry, which tests leave out by default
@TestPropertySource(properties = { "reliable.publishing.metrics-interval=200ms",
        OrderServiceIntegrationTest.TIMELINE_NOT_ON_ORDER_EVENTS }) // an unroutable order is one of its cases
class PublishingMetricsIntegrationTest {

    @Autowired AmqpAdmin admin;
    @Autowired OrderIds ids;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired MessageStore store;
    @Autowired MeterRegistry meters;
    @Autowired OrderRepository orders;
    @Autowired TransactionTemplate transaction;
    @LocalServerPort int port;

    OrdersClient client;
    RestClient http;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
        http = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    @AfterEach
    void removeRecords() {
        for (MessageStatus status : MessageStatus.values()) {
            store.list(status, 0, 100).forEach(record -> store.discard(record.id()));
        }
    }

    @Test
    void unroutableOrderShowsAsOneFailedMessageOnThePrometheusEndpoint() {
        client.place(OrdersClient.order("c-metrics-1", "SKU-1", 1)); // no queue is bound: every attempt is returned

        // Scraped without credentials, as Prometheus does.
        // The gauges are sampled (each status read in turn), so one sample may catch the record in
        // both: wait for the sample that shows where it ended.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scraped("publishing_messages", "status=\"FAILED\"") == 1.0
                        && scraped("publishing_messages", "status=\"SENDING\"") == 0.0);
        assertThat(scraped("publishing_messages_failed_total", "application=\"order-service\"")).isEqualTo(1.0);
        assertThat(scraped("publishing_confirm_latency_seconds_count", "outcome=\"returned\"")).isEqualTo(3.0);
    }

    @Test
    void deliveredOrderIsOneConfirmTimedAsAnAckAndLeavesNothingWaiting() {
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            double acksBefore = confirms("ack");

            client.place(OrdersClient.order("c-metrics-2", "SKU-1", 1));

            await().atMost(Duration.ofSeconds(5)).until(() -> confirms("ack") == acksBefore + 1);
            assertThat(meters.get("publishing.confirm.latency").tag("outcome", "ack").timer().max(TimeUnit.SECONDS))
                    .isLessThan(5);
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge("publishing.messages", "SENDING") == 0
                    && meters.get("publishing.sending.oldest.age").gauge().value() == 0);
            assertThat(queue.next()).isNotNull();
        }
        finally {
            queue.delete();
        }
    }

    @Test
    void oldestSendingAgeShowsHowLongAMessageHasWaitedAndAnOperatorsDiscardIsCounted() {
        // A record stored a minute ago and not due for an hour: waiting, as it would while the broker is away.
        store.save(new MessageRecord(message("waiting", "424242", 0, Instant.now().minusSeconds(60)),
                MessageStatus.SENDING, 0, Instant.now().plusSeconds(3600), null));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("publishing.sending.oldest.age").gauge().value() >= 60);
        assertThat(gauge("publishing.messages", "SENDING")).isEqualTo(1);

        var discarded = client.admin("DELETE", "/admin/messages/waiting", "operator", "operator");

        assertThat(discarded.getStatusCode().value()).isEqualTo(204);
        assertThat(meters.get("publishing.discards").tag("by", "operator").counter().count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("publishing.sending.oldest.age").gauge().value() == 0);
    }

    @Test
    void resendsAndDiscardsOfTheCompensationJobAreCounted() {
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            // Committed but never published (a crash after the commit): the job resends it.
            Order order = transaction.execute(status -> orders.saveAndFlush(
                    new Order(ids.next(), "c-metrics-3", List.of(new Line("SKU-1", 1)),
                            new Address("1 Main St", "Springfield", "12345", "US"), Instant.now(), null, null)));
            store.save(new MessageRecord(message("never-published", String.valueOf(order.getId()), 0, Instant.now()),
                    MessageStatus.SENDING, 0, Instant.now(), null));
            // Its order never committed, and it is older than the transaction timeout: the job discards it.
            store.save(new MessageRecord(message("rolled-back", "424243", 0, Instant.now().minusSeconds(60)),
                    MessageStatus.SENDING, 0, Instant.now(), null));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> store.find("never-published").isEmpty() && store.find("rolled-back").isEmpty());

            assertThat(meters.get("publishing.resends").counter().count()).isEqualTo(1);
            assertThat(meters.get("publishing.discards").tag("by", "job").counter().count()).isEqualTo(1);
        }
        finally {
            queue.delete();
        }
    }

    private double confirms(String outcome) {
        return meters.get("publishing.confirm.latency").tag("outcome", outcome).timer().count();
    }

    private double gauge(String name, String status) {
        return meters.get(name).tag("status", status).gauge().value();
    }

    /** The value of the first sample of {@code name} on /actuator/prometheus whose labels contain {@code label}. */
    private double scraped(String name, String label) {
        String body = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        var sample = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        while (sample.find()) {
            if (sample.group(1).contains(label)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{" + label + "} in:\n" + body);
    }

    private OutgoingMessage message(String id, String orderId, long version, Instant createdAt) {
        return new OutgoingMessage(id, exchange.getName(), OrderEvents.CREATED, "OrderCreated",
                "{\"messageId\":\"" + id + "\",\"orderId\":" + orderId + "}", new Source(orderId, version), createdAt, null);
    }
}
