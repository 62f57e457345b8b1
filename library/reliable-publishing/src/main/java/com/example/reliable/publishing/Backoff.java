package com.example.reliable.publishing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: how long a record rests after its n-th failed attempt.
 * Pure arithmetic, see {@link ReliablePublishingProperties.Backoff} for the formula.
 */
class Backoff {

    private final ReliablePublishingProperties.Backoff settings;
    private final DoubleSupplier random;

    Backoff(ReliablePublishingProperties.Backoff settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(ReliablePublishingProperties.Backoff settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** @param failedAttempts how many attempts have failed, at least 1 */
    Duration delayAfter(int failedAttempts) {
        double exponential = settings.initialDelay().toMillis()
                * Math.pow(settings.multiplier(), Math.max(0, failedAttempts - 1));
        double capped = Math.min(exponential, settings.maxDelay().toMillis());
        double jittered = capped * (1 - settings.jitter() * random.getAsDouble());
        return Duration.ofMillis(Math.round(jittered));
    }
}
