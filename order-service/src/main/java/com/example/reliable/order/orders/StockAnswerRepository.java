package com.example.reliable.order.orders;

import org.springframework.data.jpa.repository.JpaRepository;

/** The answers orders got from inventory, by order id. */
interface StockAnswerRepository extends JpaRepository<StockAnswer, Long> {
}
