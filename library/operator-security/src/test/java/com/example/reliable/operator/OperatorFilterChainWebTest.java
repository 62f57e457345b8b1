package com.example.reliable.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

/**
 * Who may call what under the module's filter chain, over HTTP on a real web server: {@code /admin/**}
 * is the operator's (401 without credentials, 403 for an account without the role), a service's own
 * rule applies beside it, everything else is open; a program may POST without a CSRF token and is
 * never given a session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorFilterChainWebTest {

    @Autowired ApplicationContext context;
    @LocalServerPort int port;

    RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
    }

    @Test
    void theModulesChainIsTheOnlyOne() {
        assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("operatorSecurityFilterChain");
    }

    @Test
    void theOperatorApiIsTheOperatorsAlone() {
        assertThat(call(HttpMethod.GET, "/admin/ping", null).getStatusCode().value()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/admin/ping", "auditor").getStatusCode().value()).as("not an operator")
                .isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/admin/ping", "operator").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aServicesOwnRuleAppliesAndEverythingElseIsOpen() {
        assertThat(call(HttpMethod.GET, "/locked/ping", null).getStatusCode().value()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/locked/ping", "auditor").getStatusCode().value()).isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/locked/ping", "operator").getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/open/ping", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aProgramPostsWithoutACsrfTokenAndGetsNoSession() {
        ResponseEntity<String> posted = call(HttpMethod.POST, "/admin/ping", "operator");

        assertThat(posted.getStatusCode().value()).isEqualTo(200);
        assertThat(posted.getHeaders().containsHeader(HttpHeaders.SET_COOKIE)).as("no session cookie").isFalse();
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String user) {
        return http.method(method).uri(path).headers(headers -> {
            if (user != null) {
                headers.setBasicAuth(user, user);
            }
        }).retrieve().toEntity(String.class);
    }

    /** The operator, and an account without the operator's role. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Accounts {

        @Bean
        InMemoryUserDetailsManager accounts() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator").password("{noop}operator").roles("OPERATOR").build(),
                    User.withUsername("auditor").password("{noop}auditor").roles("AUDITOR").build());
        }
    }
}
