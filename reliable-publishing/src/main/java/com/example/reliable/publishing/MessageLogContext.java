package com.example.reliable.publishing;

import org.slf4j.MDC;

/**
 * Puts the id of the message being handled and the id of the business object it reports (its
 * {@link Source}, e.g. the order) into the logging MDC as {@code messageId} and {@code sourceId},
 * for as long as one step of the message's journey runs: its publish, the broker's answer, the
 * compensation job's check-back and resend. Every line logged meanwhile, by this module, Spring
 * AMQP or the service, carries both; the service's log pattern ({@code logging.pattern.correlation})
 * prints them. Closing it restores what was there before, so steps may nest.
 */
final class MessageLogContext implements AutoCloseable {

    static final String MESSAGE_ID = "messageId";
    static final String SOURCE_ID = "sourceId";

    private final String previousMessageId;
    private final String previousSourceId;

    private MessageLogContext(String messageId, String sourceId) {
        this.previousMessageId = MDC.get(MESSAGE_ID);
        this.previousSourceId = MDC.get(SOURCE_ID);
        put(MESSAGE_ID, messageId);
        put(SOURCE_ID, sourceId);
    }

    static MessageLogContext of(String messageId, String sourceId) {
        return new MessageLogContext(messageId, sourceId);
    }

    static MessageLogContext of(MessageRecord record) {
        return of(record.id(), record.message().source().id());
    }

    @Override
    public void close() {
        put(MESSAGE_ID, previousMessageId);
        put(SOURCE_ID, previousSourceId);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        }
        else {
            MDC.put(key, value);
        }
    }
}
