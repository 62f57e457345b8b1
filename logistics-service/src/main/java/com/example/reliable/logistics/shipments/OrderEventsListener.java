package com.example.reliable.logistics.shipments;

import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;

/**
 * Hands each order event to the {@link ShipmentService}. Thin on purpose: it catches nothing, so
 * a failure reaches the container, which retries, requeues or dead-letters it; returning normally
 * means the transaction committed, and only then is the message acked.
 */
@Component
@RabbitListener(queues = "${logistics.messaging.queue}")
class OrderEventsListener {

    private final ShipmentService shipments;

    OrderEventsListener(ShipmentService shipments) {
        this.shipments = shipments;
    }

    @RabbitHandler
    void on(OrderCreated event) {
        shipments.apply(event);
    }

    @RabbitHandler
    void on(OrderCancelled event) {
        shipments.apply(event);
    }
}
