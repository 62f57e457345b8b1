package com.example.reliable.publishing.redis;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A record reached the Redis primary but not as many copies as
 * {@code reliable.publishing.redis-durability} asks for, within its timeout. The save fails, and
 * with it the business transaction: nothing was promised that a failover could take back. It is a
 * {@link DataAccessResourceFailureException}, so a service answers it like any store that is away
 * (order-service: {@code 503} with {@code Retry-After}).
 */
public class RecordNotDurableException extends DataAccessResourceFailureException {

    RecordNotDurableException(String message) {
        super(message);
    }
}
