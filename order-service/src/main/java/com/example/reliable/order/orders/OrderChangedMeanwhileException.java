package com.example.reliable.order.orders;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An order that changed under every try of a cancel: answered with a 409 problem; nothing was sent. */
class OrderChangedMeanwhileException extends ErrorResponseException {

    OrderChangedMeanwhileException(long id, int attempts) {
        super(HttpStatus.CONFLICT);
        getBody().setTitle("Order changed meanwhile");
        getBody().setDetail("Order " + id + " changed under each of " + attempts
                + " tries to cancel it; nothing was cancelled. Read it and try again.");
    }
}
