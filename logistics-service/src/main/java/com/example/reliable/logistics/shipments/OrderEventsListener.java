package com.example.reliable.logistics.shipments;

import java.util.List;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.consuming.MessageBatches;
import com.rabbitmq.client.Channel;

/**
 * Hands each order event to the {@link ShipmentService}, a batch at a time
 * ({@code spring.rabbitmq.listener.simple.consumer-batch-enabled}, {@code batch-size}). Thin on
 * purpose: {@link MessageBatches} applies the whole batch in one transaction, which the service's
 * own {@code @Transactional} methods join (every effect of theirs, the outbox row included, is in
 * the database), and acknowledges it with one {@code basic.ack} after the commit. If a message
 * fails, the batch rolls back and is applied again one by one, each message in its own transaction,
 * the failed one settled alone (requeued, or rejected to the dead-letter queue).
 */
@Component
class OrderEventsListener {

    /** The listener container's id, for stopping and starting it. */
    static final String ID = "logistics-order-events";

    private final ShipmentService shipments;
    private final MessageConverter events;
    private final MessageBatches batches;

    OrderEventsListener(ShipmentService shipments, MessageConverter orderEventConverter, MessageBatches batches) {
        this.shipments = shipments;
        this.events = orderEventConverter;
        this.batches = batches;
    }

    @RabbitListener(id = ID, queues = "${logistics.messaging.queue}", ackMode = "MANUAL")
    void on(List<Message> batch, Channel channel) {
        batches.applyInOneTransaction(ID, batch, channel, message -> {
            // The strict converter reads these two types only: anything else is refused before this.
            Object event = events.fromMessage(message);
            if (event instanceof OrderCreated created) {
                shipments.apply(created);
            }
            else {
                shipments.apply((OrderCancelled) event);
            }
        });
    }
}
