package com.example.reliable.logistics.shipments;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Shipments in MySQL, found by their order. */
interface ShipmentRepository extends JpaRepository<Shipment, Long> {

    Optional<Shipment> findByOrderId(long orderId);
}
