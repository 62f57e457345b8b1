package com.example.reliable.order.orders;

/** An order is placed, then possibly cancelled; nothing else happens to it here. */
enum OrderStatus {
    PLACED, CANCELLED
}
