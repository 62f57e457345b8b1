package com.example.reliable.logistics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import com.example.reliable.logistics.shipments.LogisticsServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * Password guessing on logistics-service's operator API is cut short: of 12 wrong passwords from
 * one address, the first 5 (the default limit) get 401 problem details and the rest 429; then even
 * the right password gets 429 problem details with {@code Retry-After}, until the window (10 s here,
 * a minute by default) has passed.
 */
@LogisticsServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "operator.login.window=10s")
class LoginThrottleIntegrationTest {

    @LocalServerPort int port;

    @Test
    void twelveWrongPasswordsLockTheAddressOutUntilTheWindowHasPassed() {
        List<ResponseEntity<String>> guesses = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> deadLetters("operator", "guess-" + i)).toList();

        assertThat(guesses).extracting(answer -> answer.getStatusCode().value())
                .containsExactly(401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429);
        assertThat(guesses.get(0).getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(guesses.get(0).getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Basic realm=\"operator\"");

        ResponseEntity<String> lockedOut = deadLetters("operator", "operator");

        assertThat(lockedOut.getStatusCode().value()).as("even the right password").isEqualTo(429);
        assertThat(lockedOut.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Long.parseLong(lockedOut.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 10L);
        assertThat(lockedOut.getBody()).contains("\"detail\":\"Too many failed logins from this address");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetters("operator", "operator").getStatusCode().value() == 200);
    }

    private ResponseEntity<String> deadLetters(String user, String password) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build()
                .get().uri("/admin/dead-letters").headers(headers -> headers.setBasicAuth(user, password))
                .retrieve().toEntity(String.class);
    }
}
