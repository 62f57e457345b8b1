package com.example.reliable.order.timeline;

import java.time.Instant;

/**
 * One thing that happened to an order, as the timeline shows it.
 *
 * @param at when it happened: the event's own time ({@code occurredAt}); for {@code published},
 *     when the order event reached the timeline's queue, the first evidence that the broker has it
 * @param event what happened: {@code placed}, {@code published}, {@code stock-reserved},
 *     {@code stock-rejected}, {@code stock-released}, {@code shipment-created},
 *     {@code shipment-cancelled}, {@code cancelled}
 * @param detail a sentence for people
 * @param operation the operation id (fingerprint) of the event it came from, e.g.
 *     {@code order-42-stock-reserved-v0}: each is recorded once however often it is delivered
 * @param messageId the message that brought it
 */
public record TimelineEntry(Instant at, String event, String detail, String operation, String messageId) {
}
