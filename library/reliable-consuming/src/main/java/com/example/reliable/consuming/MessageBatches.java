package com.example.reliable.consuming;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation.DefaultRabbitListenerObservationConvention;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;

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
 * <p>
 * <b>One transaction for the whole batch</b> ({@link #applyInOneTransaction}) is for a handler whose
 * every effect is in the database's transaction: its change, its deduplication row, its outbox row.
 * The batch commits once, which saves a commit (a log flush), a connection checkout and a persistence
 * context per message. If any message fails, or the commit does, the whole batch rolls back, and its
 * messages are applied again one by one, exactly as {@link #apply} does: the failing one is then
 * retried or settled alone, the others commit on their own. Nothing is lost or applied twice either
 * way; the cost of a failure is the rolled-back work, and a {@code WARN} line says which message made
 * the batch roll back. Counters count only what commits ({@link AfterCommit}); log lines written in a
 * rolled-back attempt stay in the log, followed by that {@code WARN} line.
 */
public class MessageBatches {

    private static final Logger log = LoggerFactory.getLogger(MessageBatches.class);

    private final TransientFailureRetry retry;
    private final DeadLetteringErrorHandler errors;
    private final ObservationRegistry observations;
    private final TransactionOperations oneTransaction;

    /**
     * @param retry the waits while a failure is transient
     * @param errors the rule that settles a failed message
     * @param observations where each message's observation goes ({@link ObservationRegistry#NOOP} for none)
     * @param oneTransaction the transaction {@link #applyInOneTransaction} applies a batch in; {@code null}
     *     where the service has no transaction manager
     */
    public MessageBatches(TransientFailureRetry retry, DeadLetteringErrorHandler errors,
            ObservationRegistry observations, TransactionOperations oneTransaction) {
        this.retry = retry;
        this.errors = errors;
        this.observations = observations;
        this.oneTransaction = oneTransaction;
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
        }
        catch (IOException channelLost) {
            // What was applied and not acked is delivered again, and skipped as a duplicate.
            throw RabbitExceptionTranslator.convertRabbitAccessException(channelLost);
        }
        if (applied >= 0) {
            acknowledge(channel, applied);
        }
    }

    /**
     * Applies every message of {@code batch} with {@code handler} in one transaction, and acknowledges
     * them with one {@code basic.ack} once it committed. If a message fails, or the commit does, the
     * transaction rolls back and the batch is applied again by {@link #apply}: one by one, each in its
     * own transaction, a failing message retried or settled alone. For a handler whose every effect is
     * in this transaction; the handler's own {@code @Transactional} methods join it.
     *
     * @param listenerId the listener's id, for the observations
     * @param batch the messages, in delivery order
     * @param channel the channel they came on
     * @param handler what applies one message
     */
    public void applyInOneTransaction(String listenerId, List<Message> batch, Channel channel, Handler handler) {
        if (oneTransaction == null) {
            throw new IllegalStateException("no transaction manager to apply a batch in one transaction with");
        }
        if (batch.size() > 1) {
            Message[] current = new Message[1]; // the message being applied; null before the first, and after the last
            try {
                oneTransaction.executeWithoutResult(status -> {
                    for (Message message : batch) {
                        current[0] = message;
                        try (var context = MessageLogAdvice.open(message)) {
                            observe(listenerId, message, () -> apply(handler, message));
                        }
                        catch (RuntimeException failure) {
                            throw failure;
                        }
                        catch (Exception failure) {
                            throw new BatchRolledBack(failure);
                        }
                    }
                    current[0] = null; // every message applied: what fails now is the commit
                });
            }
            catch (RuntimeException failure) {
                Throwable cause = failure instanceof BatchRolledBack ? failure.getCause() : failure;
                log.warn("A batch of {} messages rolled back because {} failed ({}): applying them one by one",
                        batch.size(), what(failure, current[0]), cause.toString());
                apply(listenerId, batch, channel, handler);
                return;
            }
            acknowledge(channel, batch.get(batch.size() - 1).getMessageProperties().getDeliveryTag());
            return;
        }
        apply(listenerId, batch, channel, handler);
    }

    /** What made a batch roll back, for the log line. */
    private static String what(RuntimeException failure, Message failed) {
        if (failed != null) {
            return "message " + failed.getMessageProperties().getMessageId();
        }
        return failure instanceof TransactionException ? "its transaction" : "the batch";
    }

    private static void acknowledge(Channel channel, long highestTag) {
        try {
            channel.basicAck(highestTag, true);
        }
        catch (IOException channelLost) {
            // Applied and not acked: delivered again, and skipped as a duplicate.
            throw RabbitExceptionTranslator.convertRabbitAccessException(channelLost);
        }
    }

    /** A checked failure of a message in a batch applied in one transaction, thrown to roll it back. */
    private static final class BatchRolledBack extends RuntimeException {

        BatchRolledBack(Exception cause) {
            super(cause);
        }
    }

    private void observe(String listenerId, Message message, Handler handler) throws Exception {
        observe(listenerId, message, () -> retry.call(() -> apply(handler, message)));
    }

    private void observe(String listenerId, Message message, Callable<Void> work) throws Exception {
        if (observations.isNoop()) {
            work.call();
            return;
        }
        RabbitListenerObservation.LISTENER_OBSERVATION.observation(null,
                DefaultRabbitListenerObservationConvention.INSTANCE,
                () -> new RabbitMessageReceiverContext(message, listenerId), observations)
                .observeChecked(work::call);
    }

    private static Void apply(Handler handler, Message message) throws Exception {
        handler.apply(message);
        return null;
    }
}
