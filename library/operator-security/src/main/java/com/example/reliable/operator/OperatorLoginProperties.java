package com.example.reliable.operator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How password guessing on the operator API is cut short ({@code operator.login.*}); read by
 * {@link LoginFailures} alone.
 *
 * @param maxFailures wrong credentials one client address may send within {@code window}; after that
 *     every request from it that carries credentials, right or wrong, is answered {@code 429} until
 *     the window has passed
 * @param maxFailuresPerUser wrong passwords for one user name within {@code window}, from whatever
 *     addresses; after that every request for that user name is answered {@code 429} until the
 *     window has passed. This stops a spray from many addresses at one account, and for the same
 *     reason lets such a spray lock the account's real owner out for the window: kept well above
 *     {@code maxFailures}, so that one person mistyping never reaches it
 * @param window how long failures are counted, from the first of them: a lockout ends when the
 *     window of the failures that caused it ends, and every failure is forgotten then
 * @param maxTracked the most addresses, and separately the most user names, whose failures are kept;
 *     beyond it the least likely to matter are dropped, so a spray from many addresses cannot grow
 *     memory past this bound
 */
@ConfigurationProperties("operator.login")
record OperatorLoginProperties(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("20") int maxFailuresPerUser,
        @DefaultValue("1m") Duration window,
        @DefaultValue("10000") int maxTracked) {

    OperatorLoginProperties {
        if (maxFailures < 1 || maxFailuresPerUser < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("operator.login.max-failures, max-failures-per-user and max-tracked "
                    + "must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("operator.login.window must be longer than zero");
        }
    }
}
