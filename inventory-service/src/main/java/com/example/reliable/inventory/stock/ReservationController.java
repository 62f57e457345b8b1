package com.example.reliable.inventory.stock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What an order's events did to the stock: {@code GET /reservations/{orderId}}, a 404 problem for an
 * order inventory-service has not heard of (yet).
 */
@RestController
@Tag(name = "Reservations", description = "What each order's events did to the stock")
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/reservations/{orderId}")
    @Operation(summary = "The reservation of an order: RESERVED, REJECTED, RELEASED or CANCELLED_BEFORE_CREATE")
    Reservation one(@PathVariable long orderId) {
        return reservations.find(orderId).orElseThrow(() -> new NotFoundException("Reservation", orderId));
    }
}
