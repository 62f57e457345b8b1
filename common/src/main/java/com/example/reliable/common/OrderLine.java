package com.example.reliable.common;

/**
 * One line of an order as it travels in a message.
 *
 * @param productId the product, e.g. {@code SKU-1}
 * @param quantity how many units, at least one
 */
public record OrderLine(String productId, int quantity) {

    public OrderLine {
        if (productId == null || productId.isBlank()) {
            throw new IllegalArgumentException("productId must not be blank");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }
}
