package com.example.reliable.consuming;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation.DefaultRabbitListenerObservationConvention;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;

import com.rabbitmq.client.Channel;

import io.micrometer.observation.ObservationRegistry;

/**
 * Applies a batch of messages one by one, and acknowledges the applied ones together: one
 * {@code basic.ack multiple=true} per batch instead of one per message, which is what a quorum queue
 * pays for (every settlement is a Raft command). It is for a listener that takes a whole batch
 * ({@code spring.rabbitmq.listener.simple.consumer-batch-enabled=true}, a {@code List<Message>}
 * parameter) and settles the messages itself ({@code ackMode = "MANUAL"}).
 * <p>
 * <b>Each message is still applied on its own</b>, exactly as the listener container applies a single
 * message: in the message's log context ({@link MessageLogAdvice}), in its own trace observation (the
 * container observes only single messages), retried while the database is away or a concurrent writer
 * won ({@link TransientFailureRetry}), in the handler's own transaction, deduplicated by the handler.
 * <p>
 * <b>A failing message is settled alone</b>, by the {@link DeadLetteringErrorHandler}'s rule and with
 * its log line: a {@code basic.reject} of its own, without requeue to the dead-letter queue (a message
 * that cannot be read, a conflict), with requeue otherwise; never a {@code basic.nack}, which from
 * RabbitMQ 4.3 on does not raise a quorum queue's {@code x-delivery-count}. The messages before and
 * after it are applied and acknowledged as usual, none of them is redelivered or dead-lettered with it.
 * <p>
 * <b>A crash in the middle of a batch</b> (the process dies, the connection drops) leaves the applied
 * messages unacknowledged: the broker delivers them again and the handlers' deduplication skips them,
 * as it skips any redelivery. Nothing is applied twice; the duplicates are counted.
 */
public class MessageBatches {

    private static final Logger log = LoggerFactory.getLogger(MessageBatches.class);

    private final TransientFailureRetry retry;
    private final DeadLetteringErrorHandler errors;
    private final ObservationRegistry observations;

    /**
     * @param retry the waits while a failure is transient
     * @param errors the rule that settles a failed message
     * @param observations where each message's observation goes ({@link ObservationRegistry#NOOP} for none)
     */
    public MessageBatches(TransientFailureRetry retry, DeadLetteringErrorHandler errors,
            ObservationRegistry observations) {
        this.retry = retry;
        this.errors = errors;
        this.observations = observations;
    }

    /** Applies one message: converts it and hands its payload on, in the handler's own transaction. */
    @FunctionalInterface
    public interface Handler {

        void apply(Message message) throws Exception;
    }

    /**
     * Applies every message of {@code batch} with {@code handler}, settles each failed one alone, and
     * acknowledges the applied ones with one {@code basic.ack}.
     *
     * @param listenerId the listener's id, for the observations
     * @param batch the messages, in delivery order
     * @param channel the channel they came on
     * @param handler what applies one message
     */
    public void apply(String listenerId, List<Message> batch, Channel channel, Handler handler) {
        long applied = -1; // the highest delivery tag applied: the ack covers every outstanding one up to it
        try {
            for (Message message : batch) {
                long tag = message.getMessageProperties().getDeliveryTag();
                try (var context = MessageLogAdvice.open(message)) {
                    try {
                        observe(listenerId, message, handler);
                        applied = tag;
                    }
                    catch (InterruptedException stopping) {
                        // The container stops: what is not applied stays unacked and comes again.
                        Thread.currentThread().interrupt();
                        log.info("Stopped in the middle of a batch: message {} and the rest of the batch go back "
                                + "to the queue", message.getMessageProperties().getMessageId());
                        break;
                    }
                    catch (Exception failure) {
                        channel.basicReject(tag, errors.requeues(message, failure));
                    }
                }
            }
            if (applied >= 0) {
                channel.basicAck(applied, true);
            }
        }
        catch (IOException channelLost) {
            // What was applied and not acked is delivered again, and skipped as a duplicate.
            throw RabbitExceptionTranslator.convertRabbitAccessException(channelLost);
        }
    }

    private void observe(String listenerId, Message message, Handler handler) throws Exception {
        if (observations.isNoop()) {
            retry.call(() -> apply(handler, message));
            return;
        }
        RabbitListenerObservation.LISTENER_OBSERVATION.observation(null,
                DefaultRabbitListenerObservationConvention.INSTANCE,
                () -> new RabbitMessageReceiverContext(message, listenerId), observations)
                .observeChecked(() -> retry.call(() -> apply(handler, message)));
    }

    private static Void apply(Handler handler, Message message) throws Exception {
        handler.apply(message);
        return null;
    }
}
