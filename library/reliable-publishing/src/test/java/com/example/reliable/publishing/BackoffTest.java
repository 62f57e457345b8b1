package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final ReliablePublishingProperties.Backoff settings =
            new ReliablePublishingProperties.Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.5);

    @Test
    void delayDoublesWithEachFailedAttemptWithoutJitter() {
        Backoff backoff = new Backoff(settings, () -> 0.0);

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void delayNeverExceedsTheMaximum() {
        Backoff backoff = new Backoff(settings, () -> 0.0);

        assertThat(backoff.delayAfter(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterTakesAtMostItsShareOffTheDelay() {
        Backoff fullJitter = new Backoff(settings, () -> 0.999_999);

        assertThat(fullJitter.delayAfter(3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2001));
    }

    @Test
    void resendAfterMustBeLongerThanTheConfirmTimeout() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReliablePublishingProperties(Duration.ofSeconds(5), Duration.ofSeconds(1),
                        256, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, settings,
                        new ReliablePublishingProperties.Relay(100, 1), Duration.ofSeconds(2), 100,
                        ReliablePublishingProperties.Store.REDIS, new ReliablePublishingProperties.OperatorApi(true), Duration.ofSeconds(5)))
                .withMessageContaining("resend-after");
    }
}
