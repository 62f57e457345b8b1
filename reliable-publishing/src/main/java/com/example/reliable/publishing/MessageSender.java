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
 * It waits for a place in the {@link ConfirmWindow} first, never for the confirm itself. Only the
 * {@link MessageRelay}'s threads and the {@link CompensationJob} call it, never a caller of
 * {@link ReliablePublisher#send}: waiting for a connection or a place in the window is theirs.
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

    /** What became of a call to {@link #send}. */
    enum Result {
        /** Handed to the broker; its confirm decides the rest. */
        PUBLISHED,
        /** The broker could not be reached: the record is due again after a backoff. */
        NOT_SENT,
        /** Interrupted while waiting for the window (shutting down): the record stays as it was. */
        INTERRUPTED
    }

    private final RabbitTemplate rabbit;
    private final PublisherConfirms confirms;
    private final DeliveryAttempts attempts;

    MessageSender(RabbitTemplate rabbit, PublisherConfirms confirms, DeliveryAttempts attempts) {
        this.rabbit = rabbit;
        this.confirms = confirms;
        this.attempts = attempts;
    }

    Result send(MessageRecord record) {
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
            try {
                confirms.expect(attempt);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return Result.INTERRUPTED;
            }
            try {
                rabbit.send(outgoing.exchange(), outgoing.routingKey(), message, attempt);
                return Result.PUBLISHED;
            }
            catch (AmqpException ex) {
                // Broker unreachable: nothing was sent, so nothing was refused. The record stays SENDING
                // without using up an attempt and is tried again after a backoff.
                confirms.forget(attempt);
                notSent(record, "not sent: " + ex.getMessage());
                return Result.NOT_SENT;
            }
        }
    }

    /** Records an attempt that was never made (broker unreachable): due again after a backoff, not counted. */
    void notSent(MessageRecord record, String reason) {
        attempts.failed(new AttemptCorrelation(record), reason, false);
    }
}
