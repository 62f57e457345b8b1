package com.example.reliable.order.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.example.reliable.order.OrderServiceApplication;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Notices orders that stay PLACED: each waits for inventory's answer, and a saga that can stall needs
 * someone to see it. Every {@code order.stalled.check-interval} it counts the orders PLACED for longer
 * than {@code order.stalled.after} — the gauge {@code orders.stalled} ({@code orders_stalled} in
 * Prometheus; NaN until the first count, and while the database cannot be asked) — and logs a WARN
 * line whenever that number changes to one above zero, an INFO line when it is back at zero.
 * {@code GET /admin/orders/stalled} lists them ({@link StalledOrdersController}); the README's
 * "An order that stays PLACED" says how to settle one. The count runs on order-service's task
 * scheduler, the first at start-up, from {@link #start()} until {@link #stop()}; a count that fails is
 * logged and tried again one interval later.
 */
@Component
class StalledOrders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StalledOrders.class);

    private final OrderRepository orders;
    private final StalledOrdersProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private volatile double stalled = Double.NaN;
    private ScheduledFuture<?> counting;

    StalledOrders(OrderRepository orders, StalledOrdersProperties properties, Clock clock, MeterRegistry meters,
            @Qualifier(OrderServiceApplication.SCHEDULER) TaskScheduler scheduler) {
        this.orders = orders;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
        Gauge.builder("orders.stalled", this, watch -> watch.stalled)
                .description("Orders PLACED for longer than order.stalled.after: waiting for inventory's answer")
                .register(meters);
    }

    /** Orders PLACED for longer than {@code order.stalled.after}, counted now. */
    @Transactional(readOnly = true)
    long count() {
        return orders.countByStatusAndCreatedAtBefore(OrderStatus.PLACED, cutoff());
    }

    /** The oldest {@code limit} of them, oldest first. */
    @Transactional(readOnly = true)
    List<OrderRepository.Waiting> oldest(int limit) {
        return orders.findWaiting(OrderStatus.PLACED, cutoff(), Limit.of(limit));
    }

    Duration after() {
        return properties.after();
    }

    private Instant cutoff() {
        return clock.instant().minus(properties.after());
    }

    private void countQuietly() {
        try {
            long now = count();
            double before = stalled;
            stalled = now;
            if (now > 0 && now != before) {
                OrderRepository.Waiting oldest = oldest(1).get(0);
                log.warn("{} order(s) PLACED for longer than {}, the oldest #{} since {}: no answer from inventory yet "
                        + "(GET /admin/orders/stalled)", now, properties.after(), oldest.id(), oldest.placedAt());
            }
            else if (now == 0 && before > 0) {
                log.info("No order is PLACED for longer than {} any more", properties.after());
            }
        }
        catch (RuntimeException ex) {
            stalled = Double.NaN;
            log.warn("Could not count the stalled orders; again in {}: {}", properties.checkInterval(), ex.toString());
        }
    }

    @Override
    public synchronized void start() {
        counting = scheduler.scheduleWithFixedDelay(this::countQuietly, Instant.now(), properties.checkInterval());
    }

    /** No further count; one under way ends. */
    @Override
    public synchronized void stop() {
        if (counting != null) {
            counting.cancel(false);
            counting = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return counting != null;
    }
}
