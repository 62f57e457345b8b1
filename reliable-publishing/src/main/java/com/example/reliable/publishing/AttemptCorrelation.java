package com.example.reliable.publishing;

import org.springframework.amqp.rabbit.connection.CorrelationData;

/**
 * The correlation of one publish of one message: which message, and how many attempts had failed
 * before this one. Its id ({@code <message id>#<attempts>}) is unique per publish, so a confirm or
 * a return is matched to the attempt it answers, and a late answer to an older attempt is
 * recognised as such.
 */
class AttemptCorrelation extends CorrelationData {

    private final String messageId;
    private final int attemptsBefore;

    AttemptCorrelation(MessageRecord record) {
        super(record.id() + "#" + record.attempts());
        this.messageId = record.id();
        this.attemptsBefore = record.attempts();
    }

    String messageId() {
        return messageId;
    }

    int attemptsBefore() {
        return attemptsBefore;
    }
}
