package com.example.reliable.order.orders;

/**
 * Where an order is. PLACED when taken; then inventory's reply decides: CONFIRMED (the stock was
 * taken) or REJECTED (it was not; the order is cancelled through the usual path, so its shipment is
 * cancelled too). A PLACED or CONFIRMED order can be CANCELLED by its customer.
 */
enum OrderStatus {
    PLACED, CONFIRMED, REJECTED, CANCELLED
}
