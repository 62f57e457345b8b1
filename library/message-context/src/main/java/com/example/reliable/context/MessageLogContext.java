package com.example.reliable.context;

import org.slf4j.MDC;

/**
 * Puts the id of the message being handled and the id of the business object it reports (e.g. the
 * order) into the logging MDC as {@value #MESSAGE_ID} and {@value #SOURCE_ID}, for as long as one
 * step of the message's journey runs: its publish, the broker's answer, the compensation job's
 * resend on the publishing side; its conversion, retries and handling on the consuming side. Every
 * line logged meanwhile carries both, without anybody passing them around; a service's log pattern
 * ({@code logging.pattern.correlation}) prints them. Closing it restores what was there before, so
 * steps may nest.
 * <p>
 * The source id travels in the AMQP header {@value #SOURCE_ID_HEADER}: reliable publishing sets it,
 * reliable consuming reads it.
 */
public final class MessageLogContext implements AutoCloseable {

    /** The AMQP header carrying the id of the business object a message reports. */
    public static final String SOURCE_ID_HEADER = "source-id";

    /** MDC key of the message id. */
    public static final String MESSAGE_ID = "messageId";

    /** MDC key of the source id. */
    public static final String SOURCE_ID = "sourceId";

    private final String previousMessageId;
    private final String previousSourceId;

    private MessageLogContext(String messageId, String sourceId) {
        this.previousMessageId = MDC.get(MESSAGE_ID);
        this.previousSourceId = MDC.get(SOURCE_ID);
        put(MESSAGE_ID, messageId);
        put(SOURCE_ID, sourceId);
    }

    /**
     * Opens the context of one message until it is closed.
     *
     * @param messageId the message's id, or {@code null} if it has none
     * @param sourceId the business object's id, or {@code null} if the message names none
     */
    public static MessageLogContext open(String messageId, String sourceId) {
        return new MessageLogContext(messageId, sourceId);
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
