package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.TcpProxy;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;

/**
 * One trace per message, however it is sent, with Boot's tracing (Brave, W3C) and the template's
 * observation on, as the services run: a record keeps the {@code traceparent} of the span it was
 * stored in; a message the compensation job resends carries that trace, its send span a grandchild of
 * the stored span (through {@value StoredTraceContinuation#SPAN_NAME}); the relay still publishes
 * inside the caller's live observation; and a record stored without a trace is still sent, in a fresh
 * one. The service reaches RabbitMQ through a {@link TcpProxy}, so that a test can keep the relay from
 * publishing.
 */
@PublishingIntegrationTest
@IsolatedInfrastructure(rabbitThroughProxy = true)
@TestPropertySource(properties = { "spring.rabbitmq.template.observation-enabled=true",
        "management.tracing.sampling.probability=1.0" })
@Import(ResendTraceIntegrationTest.Spans.class)
class ResendTraceIntegrationTest {

    @RegisterExtension
    final LogCapture attemptsLog = new LogCapture(DeliveryAttempts.class);

    @Autowired ReliablePublisher publisher;
    @Autowired TransactionTemplate transaction;
    @Autowired MessageStore store;
    @Autowired ObservationRegistry observations;
    @Autowired Tracer tracer;
    @Autowired Spans spans;
    @Autowired TcpProxy rabbitProxy;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;

    BoundQueue queue;

    @BeforeEach
    void bindQueue() {
        queue = BoundQueue.bind(admin, rabbit, exchange);
    }

    @AfterEach
    void healBrokerAndDeleteQueue() {
        rabbitProxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
        queue.delete();
    }

    @Test
    void aMessageTheJobResendsCarriesTheTraceOfTheSpanItWasStoredIn() {
        rabbitProxy.cut(); // the relay's one attempt fails: only the job can send it

        TraceContext request = sendWithin("request", "resent");

        assertThat(store.find("resent").orElseThrow().message().traceparent()).as("kept with the record")
                .isEqualTo("00-" + request.traceId() + "-" + request.spanId() + "-01");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find("resent").map(MessageRecord::lastError)
                .filter(error -> error.startsWith("not sent")).isPresent());
        assertThat(attemptsLog.awaitLineStartingWith("Message resent not delivered").getMDCPropertyMap())
                .as("the failed attempt is logged in the request's trace too: grep finds the outage")
                .containsEntry("traceId", request.traceId());

        rabbitProxy.restore();

        Traceparent header = Traceparent.of(awaitMessage());
        assertThat(header.traceId()).as("the request's trace, not one of the job's").isEqualTo(request.traceId());
        FinishedSpan send = spans.await(header.spanId());
        FinishedSpan resend = spans.await(send.getParentId());
        assertThat(resend.getName()).isEqualTo(StoredTraceContinuation.SPAN_NAME);
        assertThat(resend.getTags()).containsEntry("messaging.message.id", "resent");
        assertThat(resend.getParentId()).as("a child of the stored span").isEqualTo(request.spanId());
    }

    @Test
    void theRelayStillPublishesInsideTheCallersLiveObservation() {
        TraceContext request = sendWithin("request", "relayed");

        Traceparent header = Traceparent.of(awaitMessage());
        assertThat(header.traceId()).isEqualTo(request.traceId());
        assertThat(spans.await(header.spanId()).getParentId()).as("no resend span in between")
                .isEqualTo(request.spanId());
    }

    @Test
    void aRecordStoredWithoutATraceIsResentInAFreshOne() {
        var message = new OutgoingMessage("untraced", exchange.getName(), "thing.happened", "ThingHappened",
                "{\"id\":\"untraced\"}", new Source("untraced", 0), Instant.now(), null);
        store.save(MessageRecord.sending(message, Instant.now()));

        Message delivered = awaitMessage();

        assertThat(delivered.getMessageProperties().getMessageId()).isEqualTo("untraced");
        FinishedSpan send = spans.await(Traceparent.of(delivered).spanId());
        assertThat(send.getParentId()).as("a root span: no stored trace to continue").isNull();
        assertThat(spans.resendsOf("untraced")).isEmpty();
    }

    /** Sends a message inside a new observation, as a request or a listener would; its span's context. */
    private TraceContext sendWithin(String name, String id) {
        return Observation.createNotStarted(name, observations).observe(() -> {
            transaction.executeWithoutResult(status -> publisher.send(exchange.getName(), "thing.happened", id,
                    new RelayIntegrationTest.ThingHappened(id), new Source(id, 0)));
            return tracer.currentSpan().context();
        });
    }

    private Message awaitMessage() {
        Message[] message = new Message[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> (message[0] = queue.next()) != null);
        return message[0];
    }

    /** The parts of a W3C {@code traceparent} header: {@code 00-<trace id>-<span id>-<flags>}. */
    record Traceparent(String traceId, String spanId) {

        static Traceparent of(Message message) {
            Object header = message.getMessageProperties().getHeaders().get("traceparent");
            assertThat(header).as("traceparent header").isNotNull();
            String[] parts = header.toString().split("-");
            return new Traceparent(parts[1], parts[2]);
        }
    }

    /** Every span the tracer finished, as an exporter would get them. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {

        final List<FinishedSpan> finished = new CopyOnWriteArrayList<>();

        @Bean
        SpanReporter collectingSpanReporter() {
            return finished::add;
        }

        FinishedSpan await(String spanId) {
            return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> byId(spanId),
                    Optional::isPresent).orElseThrow();
        }

        List<FinishedSpan> resendsOf(String messageId) {
            return finished.stream().filter(span -> span.getName().equals(StoredTraceContinuation.SPAN_NAME)
                    && messageId.equals(span.getTags().get("messaging.message.id"))).toList();
        }

        private Optional<FinishedSpan> byId(String spanId) {
            return finished.stream().filter(span -> span.getSpanId().equals(spanId)).findFirst();
        }
    }
}
