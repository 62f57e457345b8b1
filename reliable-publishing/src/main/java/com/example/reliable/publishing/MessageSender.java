package com.example.reliable.publishing;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes one attempt of a stored message: persistent, mandatory (set on Boot's template by
 * {@code spring.rabbitmq.template.mandatory}), with the message id as AMQP {@code message_id} and
 * one {@link AttemptCorrelation} so that the broker's confirm finds its way back to the record.
 * Never throws: a publish that cannot even be made is a failed attempt like any other.
 * <p>
 * The header {@value #SOURCE_ID_HEADER} names the business object the message reports (its
 * {@link Source} id, e.g. the order id), so that consumers can log it without reading the body.
 * With {@code spring.rabbitmq.template.observation-enabled=true} Boot's template also adds the
 * current trace context to every publish (a W3C {@code traceparent} header with Brave's default
 * propagation): a resend carries the compensation job's trace, not the original request's.
 */
class MessageSender {

    /** AMQP header with the id of the business object the message reports. */
    static final String SOURCE_ID_HEADER = "source-id";

    private final RabbitTemplate rabbit;
    private final PublisherConfirms confirms;
    private final DeliveryAttempts attempts;

    MessageSender(RabbitTemplate rabbit, PublisherConfirms confirms, DeliveryAttempts attempts) {
        this.rabbit = rabbit;
        this.confirms = confirms;
        this.attempts = attempts;
    }

    void send(MessageRecord record) {
        OutgoingMessage outgoing = record.message();
        AttemptCorrelation attempt = new AttemptCorrelation(record);
        Message message = MessageBuilder.withBody(outgoing.payload().getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name())
                .setMessageId(outgoing.id())
                .setType(outgoing.type())
                .setTimestamp(Date.from(outgoing.createdAt()))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setHeader(SOURCE_ID_HEADER, outgoing.source().id())
                .build();
        try (var context = attempt.logContext()) {
            confirms.expect(attempt);
            try {
                rabbit.send(outgoing.exchange(), outgoing.routingKey(), message, attempt);
            }
            catch (AmqpException ex) {
                // Broker unreachable: nothing was sent, so nothing was refused. The record stays SENDING
                // without using up an attempt and is tried again after a backoff.
                confirms.forget(attempt);
                attempts.failed(attempt, "not sent: " + ex.getMessage(), false);
            }
        }
    }
}
