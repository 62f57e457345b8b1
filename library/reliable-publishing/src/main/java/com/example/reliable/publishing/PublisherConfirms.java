package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.publishing.PublishingMetrics.ConfirmOutcome;

/**
 * The broker's answers to our publishes, registered once on Boot's {@code RabbitTemplate}.
 * <ul>
 * <li>ack, and the message was not returned → delivered;</li>
 * <li>ack of a returned message → failed: the broker accepted it but no queue took it
 * (mandatory publish, unroutable). Spring AMQP calls the return callback before the confirm and
 * attaches the return to the correlation;</li>
 * <li>nack → failed. This includes the nacks the client makes up for every outstanding publish
 * when a channel or connection closes before the broker answered;</li>
 * <li>no answer within {@code confirmTimeout} → failed (checked by {@link #failOverdue()}).</li>
 * </ul>
 * The callbacks run on the AMQP connection's thread, so they do no store I/O: they time the
 * answer ({@code publishing.confirm.latency}), give the publish's place in the {@link ConfirmWindow}
 * back, and hand the outcome to the {@link OutcomeWriter}, which applies it to the store.
 */
class PublisherConfirms implements RabbitTemplate.ConfirmCallback, RabbitTemplate.ReturnsCallback {

    private static final Logger log = LoggerFactory.getLogger(PublisherConfirms.class);

    private final ConfirmWindow window;
    private final OutcomeWriter outcomes;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final Duration confirmTimeout;
    private final Map<AttemptCorrelation, Instant> awaiting = new ConcurrentHashMap<>();

    PublisherConfirms(ConfirmWindow window, OutcomeWriter outcomes, PublishingMetrics metrics, Clock clock,
            Duration confirmTimeout) {
        this.window = window;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clock = clock;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Called just before a publish: waits for a place in the window; from then on, a missing
     * confirm is noticed.
     */
    void expect(AttemptCorrelation attempt) throws InterruptedException {
        window.enter();
        awaiting.put(attempt, clock.instant().plus(confirmTimeout));
    }

    /** Called when the publish itself threw: there will be no confirm to wait for. */
    void forget(AttemptCorrelation attempt) {
        stopWaiting(attempt);
    }

    @Override
    public void confirm(CorrelationData correlation, boolean ack, String cause) {
        if (!(correlation instanceof AttemptCorrelation attempt)) {
            return; // not one of ours
        }
        // A late ack after the timeout still counts: the broker has the message, the record can go.
        stopWaiting(attempt);
        ReturnedMessage returned = attempt.getReturned();
        if (ack && returned == null) {
            metrics.confirmed(ConfirmOutcome.ACK, attempt.sincePublish());
            outcomes.delivered(attempt);
        }
        else if (returned != null) {
            metrics.confirmed(ConfirmOutcome.RETURNED, attempt.sincePublish());
            outcomes.failed(attempt, "unroutable: " + returned.getReplyText() + " (exchange '"
                    + returned.getExchange() + "', routing key '" + returned.getRoutingKey() + "')", true);
        }
        else {
            metrics.confirmed(ConfirmOutcome.NACK, attempt.sincePublish());
            outcomes.failed(attempt, "nack: " + cause, true);
        }
    }

    @Override
    public void returnedMessage(ReturnedMessage returned) {
        // The confirm that follows carries this return and decides; this is for the log.
        log.warn("Message {} returned by the broker: {} {}", returned.getMessage().getMessageProperties().getMessageId(),
                returned.getReplyCode(), returned.getReplyText());
    }

    /** Fails every attempt whose confirm is overdue. Run every {@code confirm-check-interval}. */
    void failOverdue() {
        Instant now = clock.instant();
        awaiting.forEach((attempt, deadline) -> {
            if (deadline.isBefore(now) && awaiting.remove(attempt, deadline)) {
                window.leave();
                metrics.confirmed(ConfirmOutcome.TIMEOUT, attempt.sincePublish());
                outcomes.failed(attempt, "no confirm within " + confirmTimeout, true);
            }
        });
    }

    /** Gives the window place back exactly once, whoever gets here first: answer, timeout or failed publish. */
    private void stopWaiting(AttemptCorrelation attempt) {
        if (awaiting.remove(attempt) != null) {
            window.leave();
        }
    }
}
