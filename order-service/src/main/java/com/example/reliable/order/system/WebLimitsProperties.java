package com.example.reliable.order.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what order-service takes from a client ({@code order.web.*}).
 *
 * @param maxRequestBody the largest request body read; a larger one is answered
 *     {@code 413 Content Too Large} with problem details, before or while it is read
 * @param maxFailedLogins wrong credentials one client address may send within
 *     {@code failedLoginWindow}; after that every request with credentials from it is answered
 *     {@code 429} until the window has passed
 * @param failedLoginWindow how long failed logins are remembered, and how long a lockout lasts
 */
@ConfigurationProperties("order.web")
record WebLimitsProperties(
        @DefaultValue("64KB") DataSize maxRequestBody,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("1m") Duration failedLoginWindow) {
}
