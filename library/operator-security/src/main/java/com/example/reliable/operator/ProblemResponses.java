package com.example.reliable.operator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details straight to the servlet response, for the answers given before
 * any controller is reached: the throttle's {@code 429} and the entry point's {@code 401} here, and a
 * service's own filters' (order-service's body limit, and its Tomcat valve, which answers before any
 * filter). The instance is the request's path as sent; a path that is no valid URI reference is left out.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            HttpStatusCode status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(instance(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static URI instance(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            return new URI(path);
        }
        catch (URISyntaxException ex) {
            return null;
        }
    }
}
