package com.example.reliable.inventory.stock;

import java.time.Instant;

/**
 * One order's reservation as {@code GET /reservations/{orderId}} shows it.
 *
 * @param orderId the order's id in order-service
 * @param status what the order's events did to the stock
 * @param fingerprint the operation that set the status
 * @param createdAt when the first of the order's events was applied (UTC)
 * @param updatedAt when the status last changed (UTC)
 */
record Reservation(long orderId, ReservationStatus status, String fingerprint, Instant createdAt, Instant updatedAt) {
}
