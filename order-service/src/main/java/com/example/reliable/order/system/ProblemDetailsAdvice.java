package com.example.reliable.order.system;

import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Bad input gets an RFC 9457 {@code application/problem+json} answer that names every bad field
 * in an {@code errors} list ({@code field}, {@code message}), so a client can fix its request
 * without guessing: body fields by their path ({@code lines[0].quantity}), headers by their name
 * ({@code Idempotency-Key}). A store that is away (Redis, the database) is a {@code 503} with
 * {@code Retry-After}, not a 500. Everything else keeps Spring's standard problem details.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error(error.getField(), error)).toList();
        return withErrors(ex, errors, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> error(field(result, error), error)))
                .toList();
        return withErrors(ex, errors, headers, status, request);
    }

    /** How long a client should wait before trying again when a store is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    /**
     * Redis or the database cannot be reached, or did not answer within its timeout: nothing was
     * committed (the order's transaction rolled back), so the client may simply try again later.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, QueryTimeoutException.class,
            CannotCreateTransactionException.class })
    ResponseEntity<ProblemDetail> storeUnavailable(Exception ex) {
        var body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "A store order-service needs is not available right now; nothing was saved. Try again later.");
        body.setTitle("Service Unavailable");
        logger.warn("Answered 503, a store is unavailable: " + ex);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** A body streamed past {@code order.web.max-request-body} is too large, not unreadable. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
                var body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    private ResponseEntity<Object> withErrors(Exception ex, List<Map<String, String>> errors, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        var body = ((ErrorResponse) ex).getBody();
        body.setDetail("The request has " + errors.size() + " invalid value(s); see errors.");
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    /** A body field's path, or the header's or parameter's name. */
    private static String field(ParameterValidationResult result, MessageSourceResolvable error) {
        if (error instanceof FieldError fieldError) {
            return fieldError.getField();
        }
        RequestHeader header = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
        return header != null && !header.name().isEmpty() ? header.name() : result.getMethodParameter().getParameterName();
    }

    private static Map<String, String> error(String field, MessageSourceResolvable error) {
        return Map.of("field", field, "message", String.valueOf(error.getDefaultMessage()));
    }
}
