package com.example.reliable.order.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The operator's list of stalled orders: PLACED for longer than {@code order.stalled.after}, still
 * waiting for inventory's answer ({@link StalledOrders}). Under {@code /admin}, so the operator's
 * account is needed. Settling one is the README's "An order that stays PLACED": find why (the
 * dead-letter queues, inventory's reservation), then replay what is stuck, or cancel the order.
 */
@RestController
@RequestMapping("/admin/orders/stalled")
@Tag(name = "Stalled orders", description = "Orders still waiting for inventory's answer after order.stalled.after")
class StalledOrdersController {

    private final StalledOrders stalled;

    StalledOrdersController(StalledOrders stalled) {
        this.stalled = stalled;
    }

    @GetMapping
    @Operation(summary = "Orders PLACED for longer than order.stalled.after, oldest first")
    StalledOrdersResponse list(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        Instant now = Instant.now();
        List<StalledOrder> orders = stalled.oldest(limit).stream()
                .map(order -> new StalledOrder(order.id(), order.customerId(), order.placedAt(),
                        Duration.between(order.placedAt(), now).withNanos(0)))
                .toList();
        return new StalledOrdersResponse(stalled.after(), stalled.count(), orders);
    }

    /**
     * @param placedLongerThan {@code order.stalled.after}
     * @param count how many orders are stalled (the list shows the oldest {@code limit})
     */
    record StalledOrdersResponse(Duration placedLongerThan, long count, List<StalledOrder> orders) {
    }

    /** @param waiting how long it has been PLACED */
    record StalledOrder(long id, String customerId, Instant placedAt, Duration waiting) {
    }
}
