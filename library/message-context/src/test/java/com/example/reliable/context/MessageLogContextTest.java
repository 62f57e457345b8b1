package com.example.reliable.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC holds the ids of the message being handled, and what was there before comes back. */
class MessageLogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void nestedContextsRestoreTheOuterOneAndLeaveNothingBehind() {
        try (var outer = MessageLogContext.open("m-1", "42")) {
            try (var inner = MessageLogContext.open("m-2", null)) {
                assertThat(MDC.get(MessageLogContext.MESSAGE_ID)).isEqualTo("m-2");
                assertThat(MDC.get(MessageLogContext.SOURCE_ID)).as("a message without a source").isNull();
            }
            assertThat(MDC.get(MessageLogContext.MESSAGE_ID)).isEqualTo("m-1");
            assertThat(MDC.get(MessageLogContext.SOURCE_ID)).isEqualTo("42");
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
