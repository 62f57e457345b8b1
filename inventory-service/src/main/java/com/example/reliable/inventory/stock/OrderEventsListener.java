package com.example.reliable.inventory.stock;

import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;

/**
 * Hands each order event to the {@link ReservationService}. Thin on purpose: it catches nothing, so
 * a failure reaches the container, which retries, requeues or dead-letters it; returning normally
 * means the transaction committed, and only then is the message acked.
 */
@Component
@RabbitListener(id = OrderEventsListener.ID, queues = "${inventory.messaging.queue}")
class OrderEventsListener {

    /** The listener container's id, for stopping and starting it. */
    static final String ID = "inventory-order-events";

    private final ReservationService reservations;

    OrderEventsListener(ReservationService reservations) {
        this.reservations = reservations;
    }

    @RabbitHandler
    void on(OrderCreated event) {
        reservations.apply(event);
    }

    @RabbitHandler
    void on(OrderCancelled event) {
        reservations.apply(event);
    }
}
