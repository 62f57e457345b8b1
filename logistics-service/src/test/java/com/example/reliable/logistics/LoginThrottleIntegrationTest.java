package com.example.reliable.logistics;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.logistics.shipments.LogisticsServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.PasswordGuessing;

/**
 * Password guessing on logistics-service's operator API is cut short: of 12 wrong passwords from one address,
 * the first 5 (the default limit) get 401 problem details and the rest 429; then even the right
 * password gets 429 problem details with {@code Retry-After}, until the window (10 s here, a minute
 * by default) has passed.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "operator.login.window=10s")
class LoginThrottleIntegrationTest {

    @LocalServerPort int port;

    @Test
    void twelveWrongPasswordsLockTheAddressOutUntilTheWindowHasPassed() {
        PasswordGuessing.twelveWrongPasswordsLockTheAddressOutUntilTheWindowHasPassed(port, "/admin/dead-letters", "operator",
                Duration.ofSeconds(10));
    }
}
