package com.example.reliable.operator;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import tools.jackson.databind.json.JsonMapper;

/**
 * The operator API's answer to a request without valid credentials: {@code 401} with RFC 9457
 * problem details and {@code WWW-Authenticate: Basic realm="operator"}, so that curl and other
 * programs learn what to send. A request with {@code X-Requested-With: XMLHttpRequest} gets no
 * {@code WWW-Authenticate}: a browser opens its own login dialog for a 401 that carries one, and a
 * page's background call (the console's polling) must never open it. Spring Security 7's own
 * {@code httpBasic()} default does the same for that header (its {@code HttpBasicConfigurer} answers
 * such requests with a bare {@code 401}); an entry point given to
 * {@code httpBasic(basic -> basic.authenticationEntryPoint(…))} replaces that default, so this one
 * keeps the rule. The operator API's filter chain ({@link OperatorSecurityAutoConfiguration}) hands
 * it to {@code httpBasic}; a service with a filter chain of its own hands it to its own.
 */
public final class OperatorAuthenticationEntryPoint implements AuthenticationEntryPoint {

    static final String REALM = "operator";
    static final String DETAIL = "The operator API needs the operator's credentials (HTTP basic).";

    private final JsonMapper json;

    OperatorAuthenticationEntryPoint(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        ProblemResponses.write(request, response, json, HttpStatus.UNAUTHORIZED, DETAIL);
    }
}
