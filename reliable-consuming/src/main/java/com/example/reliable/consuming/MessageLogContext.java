package com.example.reliable.consuming;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;

/**
 * Advice on the listener container: while a message is handled (converted, retried, applied), the
 * logging MDC holds its AMQP {@code message_id} as {@code messageId} and its {@value #SOURCE_ID_HEADER}
 * header, the id of the business object it reports (e.g. the order id), as {@code sourceId}. Every
 * line logged meanwhile carries both, without a listener or a service passing them around; the log
 * pattern ({@code logging.pattern.correlation}) prints them. What was in the MDC before is restored.
 */
class MessageLogContext implements MethodInterceptor {

    /** The header reliable publishing sets to the message's source id. */
    static final String SOURCE_ID_HEADER = "source-id";
    static final String MESSAGE_ID = "messageId";
    static final String SOURCE_ID = "sourceId";

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        // The container's invokeListener(channel, data): data is the Message (no batches here).
        Object data = invocation.getArguments().length > 1 ? invocation.getArguments()[1] : null;
        if (!(data instanceof Message message)) {
            return invocation.proceed();
        }
        try (var scope = open(message)) {
            return invocation.proceed();
        }
    }

    /** Puts the message's ids into the MDC until the returned scope is closed. */
    static Scope open(Message message) {
        var properties = message.getMessageProperties();
        Object sourceId = properties.getHeaders().get(SOURCE_ID_HEADER);
        return new Scope(properties.getMessageId(), sourceId == null ? null : sourceId.toString());
    }

    /** The MDC entries of one message; closing it restores the ones before. */
    static final class Scope implements AutoCloseable {

        private final String previousMessageId = MDC.get(MESSAGE_ID);
        private final String previousSourceId = MDC.get(SOURCE_ID);

        private Scope(String messageId, String sourceId) {
            put(MESSAGE_ID, messageId);
            put(SOURCE_ID, sourceId);
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
}
