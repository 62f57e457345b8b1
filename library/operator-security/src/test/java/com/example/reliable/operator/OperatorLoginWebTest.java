package com.example.reliable.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import com.example.reliable.testsupport.LogCapture;

/**
 * The operator API of a real web server, over HTTP: a request without valid credentials gets 401
 * problem details that name the realm, except a page's background call, which gets no login dialog;
 * after 3 wrong passwords (this class's limit) the address gets 429 problem details with
 * {@code Retry-After}, even with the right password, until the window has passed (moved at once on
 * the store's ticker); a success forgets the address's failures; a user name guessed at from many
 * addresses (loopback ones) is locked out from every address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.name=operator", "spring.security.user.password=operator",
        "spring.security.user.roles=OPERATOR", "operator.login.max-failures=3",
        "operator.login.max-failures-per-user=4", "operator.login.window=1m" })
class OperatorLoginWebTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @RegisterExtension
    final LogCapture log = new LogCapture(LoginFailures.class);

    @Autowired ManualTicker ticker;
    @LocalServerPort int port;

    RestClient http;

    @BeforeEach
    void setUp() {
        ticker.advance(WINDOW); // what an earlier test left is forgotten
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
    }

    @Test
    void aRequestWithoutValidCredentialsGets401ProblemDetailsNamingTheRealm() {
        for (ResponseEntity<Map<String, Object>> refused : new ResponseEntity[] { ping(null, null, false),
                ping("operator", "wrong", false) }) {
            assertThat(refused.getStatusCode().value()).isEqualTo(401);
            assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"operator\"");
            assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(refused.getBody()).containsOnlyKeys("title", "status", "detail", "instance")
                    .containsEntry("status", 401)
                    .containsEntry("detail", OperatorAuthenticationEntryPoint.DETAIL)
                    .containsEntry("instance", "/admin/ping");
        }
    }

    @Test
    void aPagesBackgroundCallGets401WithoutTheBrowsersLoginDialog() {
        ResponseEntity<Map<String, Object>> refused = ping("operator", "wrong", true);

        assertThat(refused.getStatusCode().value()).isEqualTo(401);
        assertThat(refused.getHeaders().containsHeader(HttpHeaders.WWW_AUTHENTICATE))
                .as("a WWW-Authenticate header makes the browser open its login dialog").isFalse();
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).containsEntry("detail", OperatorAuthenticationEntryPoint.DETAIL);
    }

    @Test
    void afterThreeWrongPasswordsEvenTheRightOneGets429UntilTheWindowHasPassed() {
        for (int i = 0; i < 3; i++) {
            assertThat(ping("operator", "guess-" + i, false).getStatusCode().value()).isEqualTo(401);
        }

        ResponseEntity<Map<String, Object>> lockedOut = ping("operator", "operator", false);
        ping("operator", "guess-4", false);

        assertThat(lockedOut.getStatusCode().value()).as("even the right password").isEqualTo(429);
        assertThat(lockedOut.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(lockedOut.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
        assertThat(lockedOut.getBody()).containsEntry("status", 429).containsEntry("detail",
                "Too many failed logins from this address; try again in 60 s.");
        assertThat(log.linesStartingWith("3 failed logins from address 127.0.0.1 within 1m")).as("logged once")
                .hasSize(1);

        ticker.advance(WINDOW.minusSeconds(1));
        assertThat(ping("operator", "operator", false).getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(ping("operator", "operator", false).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aSuccessForgetsTheAddressesFailures() {
        ping("operator", "guess-1", false);
        ping("operator", "guess-2", false);
        assertThat(ping("operator", "operator", false).getStatusCode().value()).isEqualTo(200);

        // Under another user name, so that only the address's count is at stake.
        ping("admin", "guess-3", false);
        ping("admin", "guess-4", false);

        assertThat(ping("operator", "operator", false).getStatusCode().value()).as("2 failures since the success")
                .isEqualTo(200);
    }

    @Test
    void aUserNameGuessedAtFromManyAddressesIsLockedOutFromEveryAddress() throws IOException {
        for (int i = 2; i < 6; i++) {
            assertThat(statusFrom("127.0.0." + i, "operator", "guess-" + i)).isEqualTo(401);
        }

        assertThat(statusFrom("127.0.0.9", "operator", "operator")).as("the owner too, for the window").isEqualTo(429);
        assertThat(statusFrom("127.0.0.9", "someone-else", "guess")).isEqualTo(401);
    }

    private ResponseEntity<Map<String, Object>> ping(String user, String password, boolean background) {
        return http.get().uri("/admin/ping").accept(org.springframework.http.MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (user != null) {
                        headers.setBasicAuth(user, password);
                    }
                    if (background) {
                        headers.set("X-Requested-With", "XMLHttpRequest");
                    }
                })
                .retrieve().toEntity(JSON);
    }

    /** The status of {@code GET /admin/ping} sent from this loopback address (any of 127.0.0.0/8). */
    private int statusFrom(String address, String user, String password) throws IOException {
        String credentials = Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(address), 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /admin/ping HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst()
                    .orElseThrow();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {

        @Bean
        ManualTicker ticker() {
            return new ManualTicker();
        }

        @Bean
        LoginFailures loginFailures(OperatorLoginProperties settings, ManualTicker ticker) {
            return new LoginFailures(settings, ticker);
        }
    }
}
