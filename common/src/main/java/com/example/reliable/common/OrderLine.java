package com.example.reliable.common;

/**
 * One line of an order as it travels in a message.
 *
 * @param productId the product, e.g. {@code SKU-1}
 * @param quantity how many units, from 1 to {@value #MAX_QUANTITY}
 */
public record OrderLine(String productId, int quantity) {

    /** The most units one line may ask for; order-service accepts no more, consumers apply no more. */
    public static final int MAX_QUANTITY = 1000;

    public OrderLine {
        if (productId == null || productId.isBlank()) {
            throw new IllegalArgumentException("productId must not be blank");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
        }
    }
}
