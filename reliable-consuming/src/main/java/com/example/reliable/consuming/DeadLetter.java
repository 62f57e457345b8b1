package com.example.reliable.consuming;

import java.time.Instant;

/**
 * One message waiting in a dead-letter queue, as the operator sees it: what it is, where it came
 * from and why RabbitMQ dead-lettered it. Read from the message's own properties and the broker's
 * {@code x-first-death-*} and {@code x-death} headers; nothing is kept anywhere else.
 *
 * @param deadLetterQueue the dead-letter queue it waits in
 * @param queue the queue it died in, and where a replay sends it back
 * @param messageId the AMQP {@code message_id} (the producer's message id), {@code null} if it had none
 * @param type the AMQP {@code type} (e.g. {@code OrderCreated})
 * @param sourceId the id of the business object it reports (the {@code source-id} header, e.g. the order id)
 * @param reason why the broker dead-lettered it: {@code rejected} (unreadable or refused outright by
 *     the consumer), {@code delivery_limit} (it failed on every delivery up to the queue's
 *     {@code x-delivery-limit}), {@code expired}, {@code maxlen}
 * @param deathCount how often it has been dead-lettered from that queue for that reason
 * @param firstDeathAt when it was first dead-lettered from that queue for that reason
 * @param replays how often an operator has replayed it already
 * @param bodyBytes the size of its body
 * @param bodyPreview the start of its body as text
 */
record DeadLetter(String deadLetterQueue, String queue, String messageId, String type, String sourceId, String reason,
        long deathCount, Instant firstDeathAt, int replays, int bodyBytes, String bodyPreview) {
}
