package com.example.reliable.operator;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stops password guessing on the operator API. Runs before Spring Security and watches its answer: a
 * {@code 401} to a request with an {@code Authorization} header is a failed login, counted in
 * {@link LoginFailures} under the client address and, when the header is HTTP basic and can be
 * decoded, under the user name it sends; a success ({@code < 400}) forgets the address's failures.
 * Once an address has {@code operator.login.max-failures} failures within the window, or a user name
 * {@code max-failures-per-user}, every request that carries credentials from that address or for
 * that user name, right or wrong, is answered {@code 429} problem details with {@code Retry-After}
 * (the seconds until the window of the first failure ends) and never reaches Spring Security, so no
 * password is checked until then. The per-user limit stops a spray from many addresses at one
 * account, and lets such a spray lock the account's owner out for the window too: the price of
 * counting guesses the addresses alone would not show. The address is the servlet's remote address:
 * behind a proxy, set {@code server.forward-headers-strategy} so that it is the client's.
 */
class FailedLoginThrottle extends OncePerRequestFilter {

    /** Spring Security's own reading of an HTTP basic header, the one its basic filter uses. */
    private static final BasicAuthenticationConverter BASIC = new BasicAuthenticationConverter();

    /** Before Spring Security's filter chain (Boot's {@code -100}), so that it sees the chain's answer. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final LoginFailures failures;
    private final JsonMapper json;

    FailedLoginThrottle(LoginFailures failures, JsonMapper json) {
        this.failures = failures;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        String user = basicUserName(request);
        Optional<LoginFailures.Lockout> lockout = failures.lockout(address, user);
        if (lockout.isPresent()) {
            tooMany(request, response, lockout.get());
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            failures.failed(address, user);
        }
        else if (response.getStatus() < 400) {
            failures.succeeded(address);
        }
    }

    private void tooMany(HttpServletRequest request, HttpServletResponse response, LoginFailures.Lockout lockout)
            throws IOException {
        long seconds = lockout.retryAfterSeconds();
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemResponses.write(request, response, json, HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed logins " + lockout.of() + "; try again in " + seconds + " s.");
    }

    /** The user name of an HTTP basic header, or null without one, or when it cannot be read. */
    static String basicUserName(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken basic = BASIC.convert(request);
            return basic == null ? null : basic.getName();
        }
        catch (AuthenticationException unreadable) {
            return null;
        }
    }
}
