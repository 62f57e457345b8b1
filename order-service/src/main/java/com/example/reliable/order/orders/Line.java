package com.example.reliable.order.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of an order: a product and how many. */
@Embeddable
record Line(@Column(name = "product_id") String productId, @Column(name = "quantity") int quantity) {
}
