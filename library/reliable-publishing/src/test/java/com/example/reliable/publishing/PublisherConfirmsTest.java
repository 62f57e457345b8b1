package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.ReturnedMessage;

/**
 * How each answer of the broker — or its silence — becomes an outcome, and that a publish's place
 * in the confirm window is given back exactly once whoever answers first. Pure logic: the outcome
 * writer and the meters are stand-ins, the window is real.
 */
class PublisherConfirmsTest {

    private final ConfirmWindow window = new ConfirmWindow(2);
    private final OutcomeWriter outcomes = mock(OutcomeWriter.class);
    private final MutableClock clock = new MutableClock();
    private final PublisherConfirms confirms = new PublisherConfirms(window, outcomes, mock(PublishingMetrics.class),
            clock, Duration.ofSeconds(5));

    @Test
    void anAckWithoutAReturnIsDelivered() throws Exception {
        var attempt = expected("m-1");

        confirms.confirm(attempt, true, null);

        verify(outcomes).delivered(attempt);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void anAckOfAReturnedMessageIsAFailedAttemptNamingWhyNoQueueTookIt() throws Exception {
        var attempt = expected("m-2");
        attempt.setReturned(new ReturnedMessage(MessageBuilder.withBody(new byte[0]).build(), 312, "NO_ROUTE",
                "order.events", "order.created"));

        confirms.confirm(attempt, true, null);

        verify(outcomes).failed(attempt, "unroutable: NO_ROUTE (exchange 'order.events', routing key 'order.created')",
                true);
        verify(outcomes, never()).delivered(any());
    }

    @Test
    void aNackIsAFailedAttemptWithItsCause() throws Exception {
        var attempt = expected("m-3");

        confirms.confirm(attempt, false, "channel closed");

        verify(outcomes).failed(attempt, "nack: channel closed", true);
    }

    @Test
    void silencePastTheTimeoutIsAFailedAttemptAndALateAckStillDeliversWithoutGivingThePlaceBackTwice()
            throws Exception {
        var overdue = expected("m-4");
        clock.advance(Duration.ofSeconds(4));
        var recent = expected("m-5");
        clock.advance(Duration.ofSeconds(2)); // m-4 is 6 s old, m-5 2 s

        confirms.failOverdue();

        verify(outcomes).failed(overdue, "no confirm within PT5S", true);
        verify(outcomes, never()).failed(eq(recent), anyString(), anyBoolean());
        assertThat(window.inFlight()).as("only m-5 still waits").isEqualTo(1);

        confirms.confirm(overdue, true, null); // the broker had it after all: the record can go
        verify(outcomes).delivered(overdue);
        assertThat(window.inFlight()).as("m-4's place was given back once").isEqualTo(1);
    }

    @Test
    void aPublishThatThrewGivesItsPlaceBackAndIsNotTimedOutLater() throws Exception {
        var attempt = expected("m-6");

        confirms.forget(attempt);
        clock.advance(Duration.ofSeconds(10));
        confirms.failOverdue();

        assertThat(window.inFlight()).isZero();
        verify(outcomes, never()).failed(any(), anyString(), anyBoolean());
    }

    @Test
    void confirmsOfPublishesThatAreNotOursAreIgnored() {
        confirms.confirm(new org.springframework.amqp.rabbit.connection.CorrelationData("other"), true, null);

        verify(outcomes, never()).delivered(any());
    }

    private AttemptCorrelation expected(String id) throws InterruptedException {
        var message = new OutgoingMessage(id, "order.events", "order.created", "Thing", "{}", new Source("1", 0),
                clock.instant(), null);
        var attempt = new AttemptCorrelation(MessageRecord.sending(message, clock.instant()));
        confirms.expect(attempt);
        return attempt;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
