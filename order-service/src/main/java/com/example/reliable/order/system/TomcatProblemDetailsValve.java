package com.example.reliable.order.system;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;

import com.example.reliable.operator.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * Answers what Tomcat refuses itself, before any filter or controller runs, with RFC 9457 problem
 * details instead of its HTML error page: a path with an encoded slash or backslash ({@code %2F},
 * {@code %5C}), headers larger than {@code server.max-http-request-header-size}, and any other error
 * response that nobody wrote a body for. Tomcat's status is kept; the detail is a fixed sentence for
 * each known case and a generic one otherwise, never Tomcat's message, a stack trace or the server's
 * name. A response that is committed, or already has a body (the service's own problem details), is
 * left as it is. Installed on the host by {@link TomcatProblemDetailsCustomizer}.
 */
class TomcatProblemDetailsValve extends ErrorReportValve {

    static final String HEADERS_TOO_LARGE =
            "The request could not be read: its headers are larger than the server accepts.";
    static final String ENCODED_SEPARATOR =
            "The request path contains an encoded slash or backslash (%2F or %5C), which the server does not accept.";
    static final String REFUSED = "The server refused the request.";
    static final String FAILED = "The server could not process the request.";

    /** Tomcat's message ({@code iib.requestheadertoolarge.error}) when the request line and headers overflow. */
    private static final String TOMCAT_HEADER_TOO_LARGE = "Request header is too large";

    private static final Pattern ENCODED_SLASH_OR_BACKSLASH = Pattern.compile("%(2f|5c)", Pattern.CASE_INSENSITIVE);

    private final JsonMapper json;

    TomcatProblemDetailsValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own report: only an error, only once, only with nothing written yet.
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0
                || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is already gone
        }
        try {
            ProblemResponses.write(request, response, json, HttpStatusCode.valueOf(status),
                    detail(status, request.getRequestURI(), throwable));
            response.finishResponse();
        }
        catch (IOException | IllegalStateException ex) {
            // The client went away, or the response cannot take a body any more: the status goes out alone.
        }
    }

    /** A fixed sentence for what was refused: nothing of the request or of Tomcat's message is echoed. */
    private static String detail(int status, String path, Throwable throwable) {
        if (throwable instanceof IllegalArgumentException && TOMCAT_HEADER_TOO_LARGE.equals(throwable.getMessage())) {
            return HEADERS_TOO_LARGE;
        }
        if (status == 400 && path != null && ENCODED_SLASH_OR_BACKSLASH.matcher(path).find()) {
            return ENCODED_SEPARATOR;
        }
        return status < 500 ? REFUSED : FAILED;
    }
}
