package com.example.reliable.order.orders;

import java.time.Instant;
import java.util.List;

/** An order as the REST API shows it. */
record OrderResponse(long id, String customerId, OrderStatus status, long version, List<Line> lines,
        Address shippingAddress, Instant createdAt) {

    static OrderResponse of(Order order) {
        return new OrderResponse(order.getId(), order.getCustomerId(), order.getStatus(), order.getVersion(),
                order.getLines(), order.getShippingAddress(), order.getCreatedAt());
    }
}
