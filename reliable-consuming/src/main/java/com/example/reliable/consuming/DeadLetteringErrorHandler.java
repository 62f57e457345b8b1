package com.example.reliable.consuming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.listener.ConditionalRejectingErrorHandler;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;

/**
 * Decides what a listener failure does to its message, and says so in the log with the message id:
 * a message that cannot be read (see {@link TypedJsonMessageConverter}) or that a consumer refused
 * outright (an {@link OperationConflict}, or any {@code AmqpRejectAndDontRequeueException}) is
 * rejected without requeue, so it goes to the dead-letter queue at once; any other failure requeues it, and the
 * queue's delivery limit dead-letters it if it keeps failing. The container calls it outside the
 * listener's advice, so it puts the message's ids into the logging MDC itself.
 */
public class DeadLetteringErrorHandler extends ConditionalRejectingErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetteringErrorHandler.class);

    public DeadLetteringErrorHandler() {
        super(new DefaultExceptionStrategy() {
            @Override
            protected boolean isUserCauseFatal(Throwable cause) {
                // A consumer that refuses a message outright (an OperationConflict, a reply about an order that
                // does not exist): retrying cannot change the answer.
                for (Throwable next = cause; next != null; next = next.getCause()) {
                    if (next instanceof AmqpRejectAndDontRequeueException) {
                        return true;
                    }
                }
                return false;
            }
        });
    }

    @Override
    public void handleError(Throwable failure) {
        Message failed = failure instanceof ListenerExecutionFailedException listenerFailure
                ? listenerFailure.getFailedMessage() : null;
        try (var scope = failed == null ? null : MessageLogAdvice.open(failed)) {
            try {
                super.handleError(failure);
                log.warn("Message {} failed and goes back to its queue: {}", messageId(failure), reason(failure));
            }
            catch (AmqpRejectAndDontRequeueException rejected) {
                log.error("Message {} rejected to the dead-letter queue: {}", messageId(failure), reason(failure));
                throw rejected;
            }
        }
    }

    /** One line per failure is logged by {@link #handleError}; the stack trace only at debug level. */
    @Override
    protected void log(Throwable failure) {
        log.debug("Listener failure", failure);
    }

    private static String messageId(Throwable failure) {
        if (failure instanceof ListenerExecutionFailedException failed && failed.getFailedMessage() != null) {
            return failed.getFailedMessage().getMessageProperties().getMessageId();
        }
        return "(unknown)";
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage();
    }
}
