package com.example.reliable.order.orders;

import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;

/**
 * Hands each stock reply from inventory-service to the {@link OrderService}. Thin on purpose: it
 * catches nothing, so a failure reaches the container (retried, requeued or dead-lettered), and
 * returning normally means the order's change committed, after which the reply is acked.
 */
@Component
@RabbitListener(id = StockRepliesListener.ID, queues = "${order.messaging.replies-queue}",
        messageConverter = OrderMessagingConfiguration.STOCK_REPLY_CONVERTER)
class StockRepliesListener {

    /** The listener container's id. */
    static final String ID = "order-stock-replies";

    private final OrderService orders;

    StockRepliesListener(OrderService orders) {
        this.orders = orders;
    }

    @RabbitHandler
    void on(StockReserved reply) {
        orders.stockReserved(reply);
    }

    @RabbitHandler
    void on(StockRejected reply) {
        orders.stockRejected(reply);
    }

    @RabbitHandler
    void on(StockReleased reply) {
        orders.stockReleased(reply);
    }
}
