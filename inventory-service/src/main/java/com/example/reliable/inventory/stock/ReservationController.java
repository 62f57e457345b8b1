package com.example.reliable.inventory.stock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an order's events did to the stock: {@code GET /reservations/{orderId}}, a 404 problem for an
 * order inventory-service has not heard of (yet).
 */
@RestController
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/reservations/{orderId}")
    Reservation one(@PathVariable long orderId) {
        return reservations.find(orderId).orElseThrow(() -> new NotFoundException("Reservation", orderId));
    }
}
