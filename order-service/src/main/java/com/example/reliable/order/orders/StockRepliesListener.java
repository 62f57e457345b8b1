package com.example.reliable.order.orders;

import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;

/**
 * Hands each stock reply from inventory-service to the {@link StockReplyService}. Thin on purpose: it
 * catches nothing, so a failure reaches the container (retried, requeued or dead-lettered), and
 * returning normally means the order's change committed, after which the reply is acked.
 */
@Component
@RabbitListener(id = StockRepliesListener.ID, queues = "${order.messaging.replies-queue}",
        messageConverter = OrderMessagingConfiguration.STOCK_REPLY_CONVERTER)
class StockRepliesListener {

    /** The listener container's id. */
    static final String ID = "order-stock-replies";

    private final StockReplyService replies;

    StockRepliesListener(StockReplyService replies) {
        this.replies = replies;
    }

    @RabbitHandler
    void on(StockReserved reply) {
        replies.reserved(reply);
    }

    @RabbitHandler
    void on(StockRejected reply) {
        replies.rejected(reply);
    }

    @RabbitHandler
    void on(StockReleased reply) {
        replies.released(reply);
    }
}
