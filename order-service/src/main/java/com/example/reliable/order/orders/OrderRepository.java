package com.example.reliable.order.orders;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Orders in MySQL. */
interface OrderRepository extends JpaRepository<Order, Long> {

    Optional<Order> findByIdempotencyKey(String idempotencyKey);
}
