package com.example.reliable.order.orders;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * More than one {@code Idempotency-Key} header: answered with a 400 problem naming the header. The
 * servlet API would join them into one key ("a,b") that neither of the client's keys matches.
 */
class RepeatedIdempotencyKeyException extends ErrorResponseException {

    RepeatedIdempotencyKeyException(int count) {
        super(HttpStatus.BAD_REQUEST);
        getBody().setTitle("Bad Request");
        getBody().setDetail("The request has 1 invalid value(s); see errors.");
        getBody().setProperty("errors", List.of(Map.of("field", OrderController.IDEMPOTENCY_KEY, "message",
                "send it exactly once, not " + count + " times")));
    }
}
