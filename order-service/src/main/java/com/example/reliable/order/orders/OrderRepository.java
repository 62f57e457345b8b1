package com.example.reliable.order.orders;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Orders in MySQL. */
interface OrderRepository extends JpaRepository<Order, Long> {

    Optional<Order> findByIdempotencyKey(String idempotencyKey);

    /** The committed version of each of these orders that exists, in one query. */
    @Query("select new com.example.reliable.order.orders.OrderRepository$OrderVersion(o.id, o.version) "
            + "from Order o where o.id in :ids")
    List<OrderVersion> findVersions(Collection<Long> ids);

    /** An order's id and its committed version. */
    record OrderVersion(long id, long version) {
    }
}
