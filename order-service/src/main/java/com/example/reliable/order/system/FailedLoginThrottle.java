package com.example.reliable.order.system;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stops password guessing on the operator API: a client address that sent wrong credentials
 * {@code order.web.max-failed-logins} times within {@code failed-login-window} gets {@code 429}
 * problem details with {@code Retry-After} for every request that carries credentials, right or
 * wrong, until the window has passed. Runs before Spring Security and sees its answer: a 401 to a
 * request with an {@code Authorization} header is a failed login; a success forgets the failures.
 * Kept in memory, per instance: a restart forgets it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class FailedLoginThrottle extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginThrottle.class);

    private final WebLimitsProperties limits;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    FailedLoginThrottle(WebLimitsProperties limits, JsonMapper json, Clock clock) {
        this.limits = limits;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        Instant now = clock.instant();
        Failures seen = failures.computeIfPresent(client, (key, old) -> old.expired(now, limits) ? null : old);
        if (seen != null && seen.count() >= limits.maxFailedLogins()) {
            tooMany(request, response, seen, now);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            Failures after = failures.merge(client, new Failures(1, now), (old, one) -> new Failures(old.count() + 1,
                    old.since()));
            if (after.count() == limits.maxFailedLogins()) {
                log.warn("{} failed logins from {} within {}: its credentials are refused until {}", after.count(),
                        client, limits.failedLoginWindow(), after.since().plus(limits.failedLoginWindow()));
            }
        }
        else if (response.getStatus() < 400) {
            failures.remove(client);
        }
    }

    private void tooMany(HttpServletRequest request, HttpServletResponse response, Failures seen, Instant now)
            throws IOException {
        long seconds = Math.max(1, Duration.between(now, seen.since().plus(limits.failedLoginWindow())).toSeconds());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemResponses.write(request, response, json, HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed logins from this address; try again in " + seconds + " s.");
    }

    /** Failed logins from one address since the first of them. */
    private record Failures(int count, Instant since) {

        boolean expired(Instant now, WebLimitsProperties limits) {
            return !now.isBefore(since.plus(limits.failedLoginWindow()));
        }
    }
}
