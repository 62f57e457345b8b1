package com.example.reliable.publishing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How long a record rests after its n-th failed attempt: Spring's {@link ExponentialBackOff}
 * ({@code initial-delay × multiplier^(n-1)}, at most {@code max-delay}), of which a random part, up
 * to {@code jitter}, is taken off so that records that failed together are not resent together.
 * <p>
 * Two things Spring's back-off does not do are done here. A {@link BackOffExecution} is a sequence
 * held in memory, while a record's failed attempts are counted in the store, across instances and
 * restarts: the n-th delay is the n-th step of a fresh execution. And Spring's jitter moves a delay
 * by up to a fixed number of milliseconds either way, never below the initial delay; this jitter only
 * shortens it, so that no wait exceeds the delay the settings state.
 */
class Backoff {

    private final ExponentialBackOff exponential;
    private final double jitter;
    private final DoubleSupplier random;

    Backoff(ReliablePublishingProperties.Backoff settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(ReliablePublishingProperties.Backoff settings, DoubleSupplier random) {
        this.exponential = new ExponentialBackOff(settings.initialDelay().toMillis(), settings.multiplier());
        this.exponential.setMaxInterval(settings.maxDelay().toMillis());
        this.jitter = settings.jitter();
        this.random = random;
    }

    /** @param failedAttempts how many attempts have failed, at least 1 */
    Duration delayAfter(int failedAttempts) {
        BackOffExecution execution = exponential.start();
        long delay = execution.nextBackOff();
        for (int attempt = 2; attempt <= failedAttempts; attempt++) {
            delay = execution.nextBackOff();
        }
        return Duration.ofMillis(Math.round(delay * (1 - jitter * random.getAsDouble())));
    }
}
