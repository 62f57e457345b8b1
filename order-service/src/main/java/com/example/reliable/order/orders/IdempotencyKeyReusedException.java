package com.example.reliable.order.orders;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An Idempotency-Key sent again with a different body: answered with a 422 problem. */
class IdempotencyKeyReusedException extends ErrorResponseException {

    IdempotencyKeyReusedException(String key) {
        super(HttpStatus.UNPROCESSABLE_CONTENT);
        getBody().setTitle("Idempotency-Key reused");
        getBody().setDetail("Idempotency-Key '" + key + "' was first used with a different request body.");
    }
}
