package com.example.reliable.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.OrderLine;
import com.example.reliable.common.ShippingAddress;
import com.example.reliable.context.MessageLogContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for order-service in consumer tests: publishes order events to the test's exchange as it does (JSON,
 * {@code message_id}, {@code type}, the {@code source-id} header with the order id, persistent), and anything
 * else a test needs. Sending the same
 * event twice is what a resend looks like: same message id, same fingerprint, same bytes.
 * {@link #again} is the same operation under a new message id.
 */
public class OrderEventsProducer {

    private final RabbitTemplate rabbit;
    private final String exchange;
    private final JsonMapper json = JsonMapper.builder().build();

    public OrderEventsProducer(RabbitTemplate rabbit, String exchange) {
        this.rabbit = rabbit;
        this.exchange = exchange;
    }

    public static OrderLine line(String productId, int quantity) {
        return new OrderLine(productId, quantity);
    }

    /** A new order of one unit of SKU-1. */
    public static OrderCreated created(long orderId) {
        return created(orderId, line("SKU-1", 1));
    }

    /** A new order operation at version 0: its own message id, its fingerprint {@code order-<id>-created-v0}. */
    public static OrderCreated created(long orderId, OrderLine... lines) {
        return new OrderCreated(UUID.randomUUID().toString(), Instant.now(), orderId, 0, List.of(lines),
                new ShippingAddress("1 Main St", "Springfield", "12345", "US"));
    }

    /** The cancellation of that order (version + 1): another operation, so another fingerprint. */
    public static OrderCancelled cancelled(OrderCreated order) {
        return new OrderCancelled(UUID.randomUUID().toString(), Instant.now(), order.orderId(),
                order.orderVersion() + 1, order.lines());
    }

    /** The same operation, and so the same fingerprint and data, in a new message (a new message id). */
    public static OrderCreated again(OrderCreated event) {
        return new OrderCreated(UUID.randomUUID().toString(), event.occurredAt(), event.orderId(),
                event.orderVersion(), event.lines(), event.shippingAddress());
    }

    public void send(OrderCreated event) {
        send(event, Map.of());
    }

    /** Sends the event with these headers too, e.g. a trace context ({@code traceparent}). */
    public void send(OrderCreated event, Map<String, ?> headers) {
        send(OrderEvents.CREATED, event.messageId(), "OrderCreated", json.writeValueAsString(event),
                withSourceId(event.orderId(), headers));
    }

    public void send(OrderCancelled event) {
        send(OrderEvents.CANCELLED, event.messageId(), "OrderCancelled", json.writeValueAsString(event),
                withSourceId(event.orderId(), Map.of()));
    }

    /** Publishes any body with any type, the way a broken producer might. */
    public void send(String routingKey, String messageId, String type, String body) {
        send(routingKey, messageId, type, body, Map.of());
    }

    /** Publishes any body with any type and these headers. */
    public void send(String routingKey, String messageId, String type, String body, Map<String, ?> headers) {
        var builder = MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding(StandardCharsets.UTF_8.name())
                .setMessageId(messageId)
                .setType(type)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        headers.forEach(builder::setHeader);
        Message message = builder.build();
        rabbit.send(exchange, routingKey, message);
    }

    /** The order id in the {@code source-id} header, as reliable publishing sends it. */
    private static Map<String, Object> withSourceId(long orderId, Map<String, ?> headers) {
        Map<String, Object> all = new HashMap<>(headers);
        all.put(MessageLogContext.SOURCE_ID_HEADER, String.valueOf(orderId));
        return all;
    }
}
