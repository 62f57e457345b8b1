package com.example.reliable.audit;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
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

    /** Spring Security's own reading of an HTTP basic header, the one its basic filter uses. */
    private static final BasicAuthenticationConverter BASIC = new BasicAuthenticationConverter();

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
            audit.refusedRequest(claimedUser(request), request.getMethod(),
                    request.getRequestURI(), status);
        }
    }

    /** The user name an HTTP basic header names, checked or not; {@code (none)} without a readable one. */
    static String claimedUser(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken basic = BASIC.convert(request);
            return basic == null ? "(none)" : basic.getName();
        }
        catch (AuthenticationException unreadable) {
            return "(none)";
        }
    }
}
