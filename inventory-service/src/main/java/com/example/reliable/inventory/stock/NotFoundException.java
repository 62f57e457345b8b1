package com.example.reliable.inventory.stock;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No product or reservation with that id: answered with a 404 problem (RFC 9457). */
class NotFoundException extends ErrorResponseException {

    NotFoundException(String what, Object id) {
        super(HttpStatus.NOT_FOUND);
        getBody().setTitle(what + " not found");
        getBody().setDetail("There is no " + what.toLowerCase(Locale.ROOT) + " " + id + ".");
    }
}
