package com.example.reliable.order.orders;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Orders in MySQL. */
interface OrderRepository extends JpaRepository<Order, Long> {

    Optional<Order> findByIdempotencyKey(String idempotencyKey);

    /** The committed version of each of these orders that exists, in one query. */
    @Query("select new com.example.reliable.order.orders.OrderRepository$OrderVersion(o.id, o.version) "
            + "from Order o where o.id in :ids")
    List<OrderVersion> findVersions(Collection<Long> ids);

    /** How many orders have had this status since before {@code cutoff}. */
    long countByStatusAndCreatedAtBefore(OrderStatus status, Instant cutoff);

    /** The oldest orders that have had this status since before {@code cutoff}, oldest first. */
    @Query("select new com.example.reliable.order.orders.OrderRepository$Waiting(o.id, o.customerId, o.createdAt) "
            + "from Order o where o.status = :status and o.createdAt < :cutoff order by o.createdAt, o.id")
    List<Waiting> findWaiting(OrderStatus status, Instant cutoff, Limit limit);

    /** An order waiting in its status: which, whose, since when. */
    record Waiting(long id, String customerId, Instant placedAt) {
    }

    /** An order's id and its committed version. */
    record OrderVersion(long id, long version) {
    }
}
