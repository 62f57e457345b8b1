package com.example.reliable.consuming;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a message into the record its AMQP {@code type} property names, strictly: only the types
 * this consumer knows, only JSON, every constructor field present and not null, no unknown field.
 * Anything else is a {@link MessageConversionException}, which the listener container treats as
 * fatal: the message is rejected without requeue and goes straight to the dead-letter queue,
 * instead of being redelivered in a loop and blocking the messages behind it.
 */
public class TypedJsonMessageConverter implements MessageConverter {

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
            return json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), target);
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
