package com.example.reliable.publishing;

import java.time.Instant;

/**
 * A stored message and where it is in its life.
 *
 * @param message what is sent, unchanged across attempts
 * @param status {@link MessageStatus#SENDING} or {@link MessageStatus#FAILED}
 * @param attempts how many attempts have failed so far
 * @param nextAttemptAt when the compensation job may (re)send it; {@code null} when FAILED
 * @param lastError why the last attempt failed, or {@code null}
 */
public record MessageRecord(OutgoingMessage message, MessageStatus status, int attempts, Instant nextAttemptAt,
        String lastError) {

    /** A new record, as stored inside the business transaction. */
    public static MessageRecord sending(OutgoingMessage message, Instant resendAt) {
        return new MessageRecord(message, MessageStatus.SENDING, 0, resendAt, null);
    }

    public String id() {
        return message.id();
    }
}
