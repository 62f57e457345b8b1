package com.example.reliable.common;

/**
 * Where an order is shipped to, as it travels in {@link OrderCreated}.
 */
public record ShippingAddress(String street, String city, String postalCode, String country) {
}
