package com.example.reliable.logistics.shipments;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.example.reliable.common.ShippingAddress;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /shipments/{orderId}}: the shipment of an order, or a 404 problem. */
@RestController
@Tag(name = "Shipments", description = "One shipment per order, kept up to date by order events")
class ShipmentController {

    private final ShipmentRepository shipments;

    ShipmentController(ShipmentRepository shipments) {
        this.shipments = shipments;
    }

    @GetMapping("/shipments/{orderId}")
    @Operation(summary = "The shipment of an order")
    ShipmentView get(@PathVariable long orderId) {
        return shipments.findByOrderId(orderId).map(ShipmentView::of).orElseThrow(() -> notFound(orderId));
    }

    private static ErrorResponseException notFound(long orderId) {
        var problem = new ErrorResponseException(HttpStatus.NOT_FOUND);
        problem.getBody().setTitle("Shipment not found");
        problem.getBody().setDetail("There is no shipment for order " + orderId + ".");
        return problem;
    }

    /** A shipment as the REST API shows it. */
    record ShipmentView(long orderId, ShipmentStatus status, long orderVersion, long version, ShippingAddress address,
            Instant updatedAt) {

        static ShipmentView of(Shipment shipment) {
            return new ShipmentView(shipment.getOrderId(), shipment.getStatus(), shipment.getOrderVersion(),
                    shipment.getVersion(), shipment.getAddress(), shipment.getUpdatedAt());
        }
    }
}
