package com.example.reliable.consuming;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.amqp.core.Message;

import com.example.reliable.context.MessageLogContext;

/**
 * Advice on the listener container: while a message is handled (converted, retried, applied), the
 * {@link MessageLogContext} holds its AMQP {@code message_id} and the id in its
 * {@value MessageLogContext#SOURCE_ID_HEADER} header (e.g. the order id), so every line logged
 * meanwhile carries both, without a listener or a service passing them around.
 */
class MessageLogAdvice implements MethodInterceptor {

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        // The container's invokeListener(channel, data): data is the Message (no batches here).
        Object data = invocation.getArguments().length > 1 ? invocation.getArguments()[1] : null;
        if (!(data instanceof Message message)) {
            return invocation.proceed();
        }
        try (var context = open(message)) {
            return invocation.proceed();
        }
    }

    /** The message's context, open until it is closed. */
    static MessageLogContext open(Message message) {
        var properties = message.getMessageProperties();
        Object sourceId = properties.getHeaders().get(MessageLogContext.SOURCE_ID_HEADER);
        return MessageLogContext.open(properties.getMessageId(), sourceId == null ? null : sourceId.toString());
    }
}
