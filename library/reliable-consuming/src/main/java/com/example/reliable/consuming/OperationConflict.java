package com.example.reliable.consuming;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;

/**
 * A message reports an operation this consumer has applied before (same fingerprint), but with
 * other data. It is neither a duplicate to skip nor a new operation to apply: the consumer refuses
 * it, the transaction rolls back, and the listener container rejects the message without requeue (an
 * {@code AmqpRejectAndDontRequeueException}), so it goes to the dead-letter queue at once, for an
 * operator to look at; the {@link DeadLetteringErrorHandler} logs it there with this reason. Made by
 * {@link ConflictCounter#refuse}; counted when it is rejected.
 */
public class OperationConflict extends AmqpRejectAndDontRequeueException {

    OperationConflict(String reason) {
        super(reason);
    }
}
