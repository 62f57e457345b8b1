package com.example.reliable.consuming;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a message into the record its AMQP {@code type} property names, strictly: only the types
 * this consumer knows, only JSON, every constructor field present and not null, no unknown field,
 * and a {@code messageId} in the body that is the message's AMQP {@code message_id}.
 * Anything else is a {@link MessageConversionException}, which the listener container treats as
 * fatal: the message is rejected without requeue and goes straight to the dead-letter queue,
 * instead of being redelivered in a loop and blocking the messages behind it.
 */
public class TypedJsonMessageConverter implements MessageConverter {

    /** The body's field that repeats the AMQP {@code message_id}. */
    private static final String MESSAGE_ID = "messageId";

    private final Map<String, Class<?>> types;
    private final JsonMapper json;

    /** @param types the records this consumer reads, by their AMQP {@code type} name */
    public TypedJsonMessageConverter(Map<String, Class<?>> types) {
        this.types = Map.copyOf(types);
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Override
    public Object fromMessage(Message message) {
        MessageProperties properties = message.getMessageProperties();
        String type = properties.getType();
        Class<?> target = type == null ? null : types.get(type);
        if (target == null) {
            throw new MessageConversionException("unknown message type '" + type + "' (expected one of "
                    + types.keySet() + ")");
        }
        String contentType = properties.getContentType();
        if (contentType == null || !contentType.startsWith(MessageProperties.CONTENT_TYPE_JSON)) {
            throw new MessageConversionException("content type '" + contentType + "' is not JSON");
        }
        try {
            JsonNode body = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
            String bodyId = body.path(MESSAGE_ID).isString() ? body.path(MESSAGE_ID).asString() : null;
            if (bodyId != null && properties.getMessageId() != null && !bodyId.equals(properties.getMessageId())) {
                // Two ids for one message, disagreeing: which one would the logs, the DLQ and the operator mean?
                throw new MessageConversionException("the body's messageId '" + bodyId + "' is not the message's "
                        + "message_id '" + properties.getMessageId() + "'");
            }
            return json.treeToValue(body, target);
        }
        catch (JacksonException ex) {
            throw new MessageConversionException("unreadable " + type + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Message toMessage(Object object, MessageProperties messageProperties) {
        throw new UnsupportedOperationException("consumers read messages; they publish through reliable publishing");
    }
}
