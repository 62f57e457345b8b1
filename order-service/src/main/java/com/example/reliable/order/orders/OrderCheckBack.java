package com.example.reliable.order.orders;

import org.springframework.stereotype.Component;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.Source;

/**
 * Answers the compensation job's question before a resend: is the order change this message
 * reports committed? It is when the order exists at the message's version or a later one. An
 * order that is missing, or older than the message, means the transaction rolled back (or has not
 * committed yet).
 */
@Component
class OrderCheckBack implements CheckBack {

    private final OrderRepository orders;

    OrderCheckBack(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    public boolean committed(Source source) {
        return orders.findById(Long.valueOf(source.id()))
                .map(order -> order.getVersion() >= source.version())
                .orElse(false);
    }
}
