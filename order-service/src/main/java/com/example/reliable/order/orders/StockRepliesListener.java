package com.example.reliable.order.orders;

import java.util.List;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;
import com.example.reliable.consuming.MessageBatches;
import com.rabbitmq.client.Channel;

/**
 * Hands each stock reply from inventory-service to the {@link StockReplyService}, a batch at a time
 * ({@code spring.rabbitmq.listener.simple.consumer-batch-enabled}, {@code batch-size}). Thin on
 * purpose: {@link MessageBatches} applies the replies one by one, each in its own transaction,
 * settles a failed one alone (requeued, or rejected to the dead-letter queue), and acknowledges the
 * applied ones together, only after the orders' changes committed.
 */
@Component
class StockRepliesListener {

    /** The listener container's id. */
    static final String ID = "order-stock-replies";

    private final StockReplyService replies;
    private final MessageConverter converter;
    private final MessageBatches batches;

    StockRepliesListener(StockReplyService replies,
            @Qualifier(OrderMessagingConfiguration.STOCK_REPLY_CONVERTER) MessageConverter converter,
            MessageBatches batches) {
        this.replies = replies;
        this.converter = converter;
        this.batches = batches;
    }

    @RabbitListener(id = ID, queues = "${order.messaging.replies-queue}", ackMode = "MANUAL")
    void on(List<Message> batch, Channel channel) {
        batches.apply(ID, batch, channel, message -> {
            // The strict converter reads these three types only: anything else is refused before this.
            Object reply = converter.fromMessage(message);
            if (reply instanceof StockReserved reserved) {
                replies.reserved(reserved);
            }
            else if (reply instanceof StockRejected rejected) {
                replies.rejected(rejected);
            }
            else {
                replies.released((StockReleased) reply);
            }
        });
    }
}
