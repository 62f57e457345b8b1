package com.example.reliable.order.orders;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No order with that id: answered with a 404 problem. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle("Order not found");
        getBody().setDetail("There is no order " + id + ".");
    }
}
