package com.example.reliable.publishing;

import java.time.Instant;

/**
 * A message exactly as it goes on the wire, every time it is sent: the first send and each resend
 * publish the same id and the same bytes.
 *
 * @param id unique message id, sent as the AMQP {@code message_id} property
 * @param exchange where it is published
 * @param routingKey how the exchange routes it
 * @param type the payload type, sent as the AMQP {@code type} property, e.g. {@code OrderCreated}
 * @param payload the JSON body
 * @param source the business change it reports, for the check-back before a resend
 * @param createdAt when it was stored, inside the business transaction
 */
public record OutgoingMessage(String id, String exchange, String routingKey, String type, String payload,
        Source source, Instant createdAt) {
}
