package com.example.reliable.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Guesses passwords at a service's operator API, as an attacker from one address would, and checks
 * the login protection every service has (operator-security): of 12 wrong passwords the first 5 (the
 * default limit) get 401 problem details with {@code WWW-Authenticate}, the rest 429; then even the
 * right password gets 429 problem details with {@code Retry-After}, until the window has passed.
 */
public final class PasswordGuessing {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PasswordGuessing() {
    }

    /**
     * @param path an operator endpoint that answers 200 to the operator
     * @param window the service's {@code operator.login.window} in this test (short, but long enough
     *     for 13 requests on a slow machine)
     */
    public static void twelveWrongPasswordsLockTheAddressOutUntilTheWindowHasPassed(int port, String path,
            String password, Duration window) {
        List<HttpResponse<String>> guesses = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> get(port, path, "operator", "guess-" + i)).toList();

        assertThat(guesses).extracting(HttpResponse::statusCode)
                .containsExactly(401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429);
        assertThat(guesses.get(0).headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(guesses.get(0).headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"operator\"");

        HttpResponse<String> lockedOut = get(port, path, "operator", password);

        assertThat(lockedOut.statusCode()).as("even the right password").isEqualTo(429);
        assertThat(lockedOut.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(lockedOut.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, window.toSeconds());
        assertThat(lockedOut.body()).contains("\"detail\":\"Too many failed logins from this address");

        await().atMost(window.multipliedBy(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(port, path, "operator", password).statusCode() == 200);
    }

    private static HttpResponse<String> get(int port, String path, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + path + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
