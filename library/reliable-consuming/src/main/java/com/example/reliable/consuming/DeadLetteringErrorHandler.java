package com.example.reliable.consuming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.listener.ConditionalRejectingErrorHandler;
import org.springframework.amqp.listener.ContainerUtils;
import org.springframework.amqp.listener.ListenerExecutionFailedException;

/**
 * Decides what a listener failure does to its message, and says so in one log line with the message
 * id, in the logging MDC (the container calls it outside the listener's advice, so it opens the
 * message's context itself):
 * <ul>
 * <li>a message that cannot be read (see {@link TypedJsonMessageConverter}) is converted to an
 * {@link AmqpRejectAndDontRequeueException}; a message a consumer refused outright (an
 * {@link OperationConflict}, any {@code AmqpRejectAndDontRequeueException}) already carries one.
 * Either way the container rejects it without requeue, and the broker dead-letters it at once:
 * {@code ERROR … rejected to the dead-letter queue: <reason>};</li>
 * <li>any other failure requeues it ({@code default-requeue-rejected}):
 * {@code WARN … failed and goes back to its queue (x-delivery-count n): <reason>}, the count being
 * the broker's ({@code x-delivery-count}, which a quorum queue puts on a redelivered message), so an
 * operator sees it approach the queue's {@code x-delivery-limit}, past which the broker dead-letters
 * it.</li>
 * </ul>
 * Which of the two is decided by the container's own rule ({@link ContainerUtils#shouldRequeue}),
 * given the container's {@code default-requeue-rejected}, so the line says what the container does.
 * <p>
 * <b>A dead letter is never dropped.</b> Spring AMQP discards a fatal message that carries an
 * {@code x-death} header ({@code discardFatalsWithXDeath}, on by default): it acknowledges it, and
 * it is in no queue afterwards. Such a message is a dead letter moved back to its queue by RabbitMQ's
 * shovel or the management UI's "Move messages", which keep its headers. Here it is rejected like
 * any other, goes to the dead-letter queue again ({@code x-death} counts it twice) and waits there
 * for the operator. The operator API's replay removes the broker's death headers, so it is not
 * affected either way.
 */
public class DeadLetteringErrorHandler extends ConditionalRejectingErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetteringErrorHandler.class);

    private final boolean requeueRejected;
    private final ConflictCounter conflicts;

    /**
     * @param requeueRejected the listener container's {@code defaultRequeueRejected}
     *     ({@code spring.rabbitmq.listener.simple.default-requeue-rejected}, {@code true} unless set)
     * @param conflicts counts the messages rejected because of an {@link OperationConflict}
     */
    public DeadLetteringErrorHandler(boolean requeueRejected, ConflictCounter conflicts) {
        this.requeueRejected = requeueRejected;
        this.conflicts = conflicts;
        setDiscardFatalsWithXDeath(false);
    }

    @Override
    public void handleError(Throwable failure) {
        Message failed = failure instanceof ListenerExecutionFailedException listenerFailure
                ? listenerFailure.getFailedMessage() : null;
        try (var scope = failed == null ? null : MessageLogAdvice.open(failed)) {
            try {
                super.handleError(failure);
            }
            catch (AmqpRejectAndDontRequeueException converted) {
                rejected(failed, failure);
                throw converted;
            }
            // Not converted: the container rethrows the failure itself and decides by this same rule.
            if (ContainerUtils.shouldRequeue(requeueRejected, failure, logger)) {
                log.warn("Message {} failed and goes back to its queue{}: {}", messageId(failed), deliveryCount(failed),
                        reason(failure));
            }
            else {
                rejected(failed, failure);
            }
        }
    }

    private void rejected(Message failed, Throwable failure) {
        conflicts.countIfConflict(failure);
        log.error("Message {} rejected to the dead-letter queue: {}", messageId(failed), reason(failure));
    }

    /**
     * Decides what becomes of a message that failed in a batch ({@link MessageBatches}), where the
     * listener settles each message itself: by the same rule, and with the same log line, as
     * {@link #handleError} for a message the container settles.
     *
     * @param failed the message
     * @param failure what applying it threw
     * @return {@code true} to requeue it, {@code false} to reject it to the dead-letter queue
     */
    public boolean requeues(Message failed, Throwable failure) {
        ListenerExecutionFailedException wrapped = failure instanceof ListenerExecutionFailedException listenerFailure
                ? listenerFailure : new ListenerExecutionFailedException("Listener threw exception", failure, failed);
        try {
            handleError(wrapped);
        }
        catch (AmqpRejectAndDontRequeueException converted) {
            return false;
        }
        return ContainerUtils.shouldRequeue(requeueRejected, wrapped, logger);
    }

    /** One line per failure is logged by {@link #handleError}; the stack trace only at debug level. */
    @Override
    protected void log(Throwable failure) {
        log.debug("Listener failure", failure);
    }

    private static String messageId(Message failed) {
        return failed == null ? "(unknown)" : failed.getMessageProperties().getMessageId();
    }

    /** " (x-delivery-count n)" when the broker counted earlier deliveries, else nothing. */
    private static String deliveryCount(Message failed) {
        Object count = failed == null ? null : failed.getMessageProperties().getHeaders().get("x-delivery-count");
        return count == null ? "" : " (x-delivery-count " + count + ")";
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage();
    }
}
