package com.example.reliable.logistics.shipments;

/** CREATED when the order is placed; CANCELLED when it is cancelled. */
enum ShipmentStatus {
    CREATED, CANCELLED
}
