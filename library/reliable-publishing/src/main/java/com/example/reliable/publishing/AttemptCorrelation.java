package com.example.reliable.publishing;

import java.time.Duration;

import org.springframework.amqp.rabbit.connection.CorrelationData;

import com.example.reliable.context.MessageLogContext;

/**
 * The correlation of one publish of one message: which message, and how many attempts had failed
 * before this one. Its id ({@code <message id>#<attempts>}) is unique per publish, so a confirm or
 * a return is matched to the attempt it answers, and a late answer to an older attempt is
 * recognised as such. It also remembers the message's source, for the log lines about the answer,
 * and when it was made, just before the publish, for {@code publishing.confirm.latency}.
 */
class AttemptCorrelation extends CorrelationData {

    private final String messageId;
    private final String sourceId;
    private final int attemptsBefore;
    private final long madeAtNanos = System.nanoTime();

    AttemptCorrelation(MessageRecord record) {
        super(record.id() + "#" + record.attempts());
        this.messageId = record.id();
        this.sourceId = record.message().source().id();
        this.attemptsBefore = record.attempts();
    }

    /** Puts this attempt's message and source ids into the logging MDC until closed. */
    MessageLogContext logContext() {
        return MessageLogContext.open(messageId, sourceId);
    }

    /** Time since the publish (monotonic clock). */
    Duration sincePublish() {
        return Duration.ofNanos(System.nanoTime() - madeAtNanos);
    }

    String messageId() {
        return messageId;
    }

    int attemptsBefore() {
        return attemptsBefore;
    }
}
