package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;

/**
 * What the strict converter lets through: a message is read into the record its {@code type} names,
 * or refused with a reason — and a refusal is a {@link MessageConversionException}, which sends the
 * message straight to the dead-letter queue.
 */
class TypedJsonMessageConverterTest {

    record Thing(String messageId, long orderId, String name) {
    }

    private final TypedJsonMessageConverter converter = new TypedJsonMessageConverter(Map.of("Thing", Thing.class));

    @Test
    void aWellFormedMessageIsReadIntoTheRecordItsTypeNames() {
        assertThat(converter.fromMessage(message("m-1", "Thing", "{\"messageId\":\"m-1\",\"orderId\":7,\"name\":\"n\"}")))
                .isEqualTo(new Thing("m-1", 7, "n"));
    }

    @Test
    void everyKindOfBadMessageIsRefusedWithItsReason() {
        assertRefused(message("m-1", "Other", "{}"), "unknown message type 'Other'");
        assertRefused(message("m-1", null, "{}"), "unknown message type 'null'");
        assertRefused(MessageBuilder.withBody("{}".getBytes()).setType("Thing").setMessageId("m-1")
                .setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN).build(), "is not JSON");
        assertRefused(message("m-1", "Thing", "not json"), "unreadable Thing");
        assertRefused(message("m-1", "Thing", "{\"messageId\":\"m-1\",\"orderId\":7}"), "unreadable Thing");
        assertRefused(message("m-1", "Thing", "{\"messageId\":\"m-1\",\"orderId\":7,\"name\":null}"), "unreadable Thing");
        assertRefused(message("m-1", "Thing", "{\"messageId\":\"m-1\",\"orderId\":null,\"name\":\"n\"}"), "unreadable Thing");
        assertRefused(message("m-1", "Thing", "{\"messageId\":\"m-1\",\"orderId\":7,\"name\":\"n\",\"extra\":1}"),
                "unreadable Thing");
        assertRefused(message("m-1", "Thing", "{\"messageId\":\"m-2\",\"orderId\":7,\"name\":\"n\"}"),
                "the body's messageId 'm-2' is not the message's message_id 'm-1'");
    }

    @Test
    void itOnlyReads() {
        assertThatThrownBy(() -> converter.toMessage(new Thing("m", 1, "n"), new MessageProperties()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private void assertRefused(Message message, String reason) {
        assertThatThrownBy(() -> converter.fromMessage(message)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining(reason);
    }

    private static Message message(String id, String type, String body) {
        return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId(id).setType(type)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build();
    }
}
