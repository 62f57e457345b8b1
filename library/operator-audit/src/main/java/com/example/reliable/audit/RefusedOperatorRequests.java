package com.example.reliable.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records the operator actions that security turned away before they ran: a request that would
 * change something under {@code /admin/} (not {@code GET}, {@code HEAD} or {@code OPTIONS}) answered
 * {@code 401} or {@code 403} is one {@link AuditOutcome#REFUSED} entry, under the user name its HTTP
 * basic header claims ({@code (none)} without one). Reads are not recorded: the console polls them.
 * Sits just outside Spring Security's filters and inside the failed-login throttle, so that a guesser
 * answered {@code 429} writes nothing: the throttle bounds how many refusals reach the table.
 */
final class RefusedOperatorRequests extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final OperatorAudit audit;

    RefusedOperatorRequests(OperatorAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod()) || !request.getRequestURI().startsWith("/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
            audit.refusedRequest(claimedUser(request.getHeader(HttpHeaders.AUTHORIZATION)), request.getMethod(),
                    request.getRequestURI(), status);
        }
    }

    /** The user name an HTTP basic header names, checked or not; {@code (none)} without a readable one. */
    static String claimedUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "(none)";
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return colon < 0 ? "(none)" : credentials.substring(0, colon);
        }
        catch (IllegalArgumentException ex) {
            return "(none)";
        }
    }
}
