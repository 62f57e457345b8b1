package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * Password guessing on the operator API is cut short: after 3 wrong passwords (this class's limit;
 * 5 by default) the address gets 429 problem details with {@code Retry-After}, even with the right
 * password, until the window (3 s here, a minute by default) has passed.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = { "order.web.max-failed-logins=3", "order.web.failed-login-window=3s" })
class FailedLoginThrottleIntegrationTest {

    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @Test
    void wrongPasswordsLockTheAddressOutForAWhile() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.admin("GET", "/admin/messages", "operator", "guess-" + i).getStatusCode().value())
                    .isEqualTo(401);
        }

        var lockedOut = client.admin("GET", "/admin/messages", "operator", "operator");

        assertThat(lockedOut.getStatusCode().value()).as("even the right password").isEqualTo(429);
        assertThat(lockedOut.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(lockedOut.getHeaders().getFirst("Retry-After")).isNotBlank();

        await().atMost(Duration.ofSeconds(10)).until(
                () -> client.admin("GET", "/admin/messages", "operator", "operator").getStatusCode().value() == 200);
    }
}
