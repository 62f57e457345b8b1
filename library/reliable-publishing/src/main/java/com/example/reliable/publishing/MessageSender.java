package com.example.reliable.publishing;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.context.MessageLogContext;

import io.micrometer.observation.Observation;

/**
 * Publishes a batch of stored messages, one attempt each: persistent, mandatory (set on Boot's
 * template by {@code spring.rabbitmq.template.mandatory}), with the message id as AMQP
 * {@code message_id} and one {@link AttemptCorrelation} per publish so that the broker's confirm
 * finds its way back to the record. Before each publish it waits for a place in the
 * {@link ConfirmWindow}, never for the confirm itself.
 * <p>
 * The whole batch goes out on one channel ({@code RabbitTemplate.invoke}). With correlated confirms
 * Spring AMQP gives a channel back to its cache only once all its publishes are confirmed, so one
 * {@code send} per message would need a fresh channel (two round trips to open) for almost every
 * message while confirms are outstanding.
 * <p>
 * Only the relay's threads and the compensation job ({@code job/}) call it, never a caller of
 * {@code ReliablePublisher.send}: waiting for a connection or a place in the window is theirs. It
 * never throws: a publish that cannot even be made is a failed attempt like any other.
 * <p>
 * The header {@value MessageLogContext#SOURCE_ID_HEADER} names the business object the message reports (its
 * {@link Source} id, e.g. the order id), so that consumers can log it without reading the body.
 * With {@code spring.rabbitmq.template.observation-enabled=true} Boot's template also adds the
 * trace context to every publish (a W3C {@code traceparent} header), that of the observation current
 * around the publish. So every publish is made in the trace of the code that stored the message: the
 * relay's inside that code's live observation, carried over with the record (see {@link Publish});
 * any other — every resend by the job — inside a span continuing the {@code traceparent} the record
 * was stored with ({@link MessageTracing#resume}). Either way the message names the request's trace,
 * and a record stored without one is sent in a fresh trace, as before.
 */
public class MessageSender {

    private final RabbitTemplate rabbit;
    private final PublisherConfirms confirms;
    private final DeliveryAttempts attempts;
    private final MessageTracing tracing;

    MessageSender(RabbitTemplate rabbit, PublisherConfirms confirms, DeliveryAttempts attempts,
            MessageTracing tracing) {
        this.rabbit = rabbit;
        this.confirms = confirms;
        this.attempts = attempts;
        this.tracing = tracing;
    }

    /**
     * Publishes the batch in order, until the end or until the broker turns out to be unreachable:
     * then the rest is put back with a backoff, without trying (nothing was sent, so no attempt is
     * used up).
     */
    public Sent send(List<Publish> batch) {
        int[] published = { 0 };
        try {
            rabbit.invoke(operations -> {
                for (Publish publish : batch) {
                    if (!publishOne(operations, publish)) {
                        break;
                    }
                    published[0]++;
                }
                return null;
            });
        }
        catch (AmqpException ex) {
            // No channel at all (broker unreachable): nothing of the batch was sent.
            notSent(batch.subList(published[0], batch.size()), "not sent: " + ex.getMessage());
            return new Sent(published[0], true, false);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new Sent(published[0], false, true); // shutting down: the rest stays as it is
        }
        boolean unreachable = published[0] < batch.size();
        if (unreachable) {
            notSent(batch.subList(published[0] + 1, batch.size()), "not sent: the broker was unreachable for an "
                    + "earlier message of the batch");
        }
        return new Sent(published[0], unreachable, false);
    }

    /** Whether a channel can be had now: at most one connection attempt, nothing published. */
    public boolean brokerReachable() {
        try {
            return Boolean.TRUE.equals(rabbit.execute(channel -> channel.isOpen()));
        }
        catch (AmqpException ex) {
            return false;
        }
    }

    /** @return whether it was published; if not, the broker could not be reached or we are stopping */
    private boolean publishOne(RabbitOperations operations, Publish publish) {
        MessageRecord record = publish.record();
        AttemptCorrelation attempt = new AttemptCorrelation(record);
        try (var context = attempt.logContext()) {
            try {
                confirms.expect(attempt);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
            try (MessageTracing.Resumed trace = traceOf(publish)) {
                try {
                    operations.send(record.message().exchange(), record.message().routingKey(),
                            toAmqp(record.message()), attempt);
                    return true;
                }
                catch (AmqpException ex) {
                    // Broker unreachable: nothing was sent, so nothing was refused. The record stays SENDING
                    // without using up an attempt and is tried again after a backoff. Logged in the
                    // message's trace, like the publish it replaces.
                    confirms.forget(attempt);
                    attempts.failed(attempt, "not sent: " + ex.getMessage(), false);
                    return false;
                }
            }
        }
    }

    /**
     * The trace the publish is made in: the caller's live observation if the record came with one (the
     * relay), else a span continuing the trace the record was stored in.
     */
    private MessageTracing.Resumed traceOf(Publish publish) {
        if (publish.caller() != null) {
            Observation.Scope scope = publish.caller().openScope();
            return scope::close;
        }
        return tracing.resume(publish.record());
    }

    private void notSent(List<Publish> rest, String reason) {
        for (Publish publish : rest) {
            AttemptCorrelation attempt = new AttemptCorrelation(publish.record());
            try (var context = attempt.logContext(); var trace = traceOf(publish)) {
                attempts.failed(attempt, reason, false); // in the message's trace, like its publish
            }
        }
    }

    private static Message toAmqp(OutgoingMessage outgoing) {
        return MessageBuilder.withBody(outgoing.payload().getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name())
                .setMessageId(outgoing.id())
                .setType(outgoing.type())
                .setTimestamp(Date.from(outgoing.createdAt()))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setHeader(MessageLogContext.SOURCE_ID_HEADER, outgoing.source().id())
                .build();
    }

    /**
     * One record to publish, and the live observation of the code that stored it, {@code null} for a
     * resend: the publish is made inside it, so the message carries that trace. Without it the publish
     * continues the trace stored with the record.
     */
    public record Publish(MessageRecord record, Observation caller) {
    }

    /**
     * What became of a batch.
     *
     * @param published how many records, from the start of the batch, were handed to the broker;
     *     their confirms decide the rest
     * @param brokerUnreachable whether the broker could not be reached; the records after the
     *     published ones are due again after a backoff
     * @param interrupted whether the sender was stopped while waiting for the window; the records
     *     after the published ones stay as they were
     */
    public record Sent(int published, boolean brokerUnreachable, boolean interrupted) {
    }
}
