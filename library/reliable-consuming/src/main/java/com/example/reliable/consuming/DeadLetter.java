package com.example.reliable.consuming;

import java.time.Instant;

/**
 * One message waiting in a dead-letter queue, as the operator sees it: what it is, where it came
 * from and why RabbitMQ dead-lettered it. Read from the message's own properties and, for why, how
 * often and since when, the broker's {@code x-death} entry for its queue; nothing is kept anywhere
 * else. Where it came from is the dead-letter queue's own source queue, never a header's claim.
 *
 * @param deadLetterQueue the dead-letter queue it waits in
 * @param queue the queue whose dead-letter queue that is ({@code <queue>.dlq}): where it died, and
 *     where a replay sends it back
 * @param messageId the AMQP {@code message_id} (the producer's message id), {@code null} if it had none
 * @param type the AMQP {@code type} (e.g. {@code OrderCreated})
 * @param sourceId the id of the business object it reports (the {@code source-id} header, e.g. the order id)
 * @param reason why the broker dead-lettered it from {@code queue} the last time: {@code rejected}
 *     (unreadable or refused outright by the consumer), {@code delivery_limit} (it failed on every
 *     delivery up to the queue's {@code x-delivery-limit}), {@code expired}, {@code maxlen};
 *     {@code null} if its {@code x-death} has no entry for {@code queue} (it was put into the
 *     dead-letter queue some other way, by hand, say)
 * @param deathCount how often it has been dead-lettered from {@code queue} for that reason (a dead
 *     letter moved back to its queue with its headers and dead again counts 2); 0 without an entry
 * @param firstDeathAt when it was first dead-lettered from {@code queue} for that reason
 * @param replays how often an operator has replayed it already
 * @param bodyBytes the size of its body
 * @param bodyPreview the start of its body as text
 */
public record DeadLetter(String deadLetterQueue, String queue, String messageId, String type, String sourceId, String reason,
        long deathCount, Instant firstDeathAt, int replays, int bodyBytes, String bodyPreview) {
}
