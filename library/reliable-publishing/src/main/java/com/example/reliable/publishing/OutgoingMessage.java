package com.example.reliable.publishing;

import java.time.Instant;

/**
 * A message exactly as it goes on the wire, every time it is sent: the first send and each resend
 * publish the same id and the same bytes. It also keeps where it came from: the change it reports,
 * and the trace of the code that stored it.
 *
 * @param id unique message id, sent as the AMQP {@code message_id} property
 * @param exchange where it is published
 * @param routingKey how the exchange routes it
 * @param type the payload type, sent as the AMQP {@code type} property, e.g. {@code OrderCreated}
 * @param payload the JSON body
 * @param source the business change it reports, for the check-back before a resend
 * @param createdAt when it was stored, inside the business transaction
 * @param traceparent the W3C trace context of the span that was current when it was stored (a
 *     {@code POST /orders} request, a listener), {@code null} without tracing. Not sent as it is: a
 *     publish without its caller's live observation (every resend) is made in a span that continues
 *     it, see {@link MessageTracing}
 */
public record OutgoingMessage(String id, String exchange, String routingKey, String type, String payload,
        Source source, Instant createdAt, String traceparent) {
}
