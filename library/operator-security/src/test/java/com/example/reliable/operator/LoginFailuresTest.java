package com.example.reliable.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The throttle's memory stays bounded under a spray from many addresses, forgets every failure once
 * its window has passed, counts the window from the first failure, and locks out a user name guessed
 * at from many addresses. Time is a fake {@code Ticker}, moved by the test.
 */
class LoginFailuresTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final ManualTicker ticker = new ManualTicker();
    private final LoginFailures failures = new LoginFailures(new OperatorLoginProperties(5, 20, WINDOW, 100), ticker);

    @Test
    void aSprayFromManyAddressesKeepsNoMoreThanMaxTrackedEntries() {
        for (int i = 0; i < 2_000; i++) {
            failures.failed(address(i), "user-" + i);
        }

        assertThat(failures.trackedAddresses()).isBetween(1L, 100L);
        assertThat(failures.trackedUsers()).isBetween(1L, 100L);
    }

    @Test
    void everyFailureIsForgottenOnceItsWindowHasPassed() {
        for (int i = 0; i < 50; i++) {
            for (int attempt = 0; attempt < 5; attempt++) {
                failures.failed(address(i), "operator");
            }
        }
        assertThat(failures.lockout(address(7), null)).isPresent();

        passes(WINDOW);

        assertThat(failures.trackedAddresses()).isZero();
        assertThat(failures.trackedUsers()).isZero();
        assertThat(failures.lockout(address(7), "operator")).isEmpty();
    }

    @Test
    void theLockoutLastsUntilTheWindowOfTheFirstFailureEnds() {
        for (int attempt = 0; attempt < 5; attempt++) {
            failures.failed("192.0.2.1", "operator");
            passes(Duration.ofSeconds(10));
        }

        // First failure at 0 s, the fifth at 40 s: locked until 60 s, not 100 s.
        assertThat(failures.lockout("192.0.2.1", "operator")).hasValueSatisfying(lockout -> {
            assertThat(lockout.of()).isEqualTo("from this address");
            assertThat(lockout.retryAfterSeconds()).isEqualTo(10);
        });
        passes(Duration.ofSeconds(9).plusMillis(500));
        assertThat(failures.lockout("192.0.2.1", "operator")).map(LoginFailures.Lockout::retryAfterSeconds)
                .as("half a second left is a second to wait").hasValue(1L);
        passes(Duration.ofMillis(500));
        assertThat(failures.lockout("192.0.2.1", "operator")).isEmpty();
    }

    @Test
    void aUserNameGuessedAtFromManyAddressesIsLockedOutFromEveryAddress() {
        for (int i = 0; i < 20; i++) {
            failures.failed(address(i), "operator");
        }

        assertThat(failures.lockout("198.51.100.9", "operator")).map(LoginFailures.Lockout::of)
                .hasValue("for this user name");
        assertThat(failures.lockout("198.51.100.9", "OPERATOR")).as("user names are counted case-insensitively")
                .isPresent();
        assertThat(failures.lockout("198.51.100.9", "someone-else")).isEmpty();
        assertThat(failures.lockout("198.51.100.9", null)).as("no user name: only the address counts").isEmpty();
    }

    @Test
    void aSuccessForgetsTheAddressesFailuresButNotTheUserNames() {
        for (int attempt = 0; attempt < 4; attempt++) {
            failures.failed("192.0.2.1", "operator");
        }
        failures.succeeded("192.0.2.1");
        for (int attempt = 0; attempt < 4; attempt++) {
            failures.failed("192.0.2.1", "operator");
        }
        assertThat(failures.lockout("192.0.2.1", "other")).as("4 failures since the success").isEmpty();

        for (int i = 0; i < 12; i++) {
            failures.failed(address(i), "operator");
        }
        assertThat(failures.lockout("192.0.2.1", "operator")).as("8 + 12 failures for the user name")
                .map(LoginFailures.Lockout::of).hasValue("for this user name");
    }

    @Test
    void aUserNameIsCountedByItsFirstHundredCharacters() {
        String longName = "x".repeat(LoginFailures.USER_NAME_LENGTH);
        for (int i = 0; i < 20; i++) {
            failures.failed(address(i), longName + "-" + i + "-" + "y".repeat(10_000));
        }

        assertThat(failures.lockout("198.51.100.9", longName)).isPresent();
        assertThat(failures.trackedUsers()).isOne();
    }

    private void passes(Duration duration) {
        ticker.advance(duration);
    }

    private static String address(int i) {
        return "10.0." + (i / 256) + "." + (i % 256);
    }
}
