package com.example.reliable.order.orders;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.reliable.order.timeline.Timeline;

/**
 * The orders API. {@code POST /orders} answers 201 with a {@code Location}; sent again with the
 * same {@code Idempotency-Key}, it answers with the order the first request placed (and the
 * header {@code Idempotent-Replayed: true}) instead of placing a second one. Keys are compared
 * exactly (case-sensitive: the column's collation is binary), and a request may carry only one.
 */
@RestController
@RequestMapping("/orders")
@Tag(name = "Orders", description = "Place and cancel orders; each change is announced to the other services")
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OrderService orders;
    private final Timeline timeline;

    OrderController(OrderService orders, Timeline timeline) {
        this.orders = orders;
        this.timeline = timeline;
    }

    @PostMapping
    @Operation(summary = "Place an order; with an Idempotency-Key, a repeated request returns the first one's order")
    ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Size(min = 1, max = 100) String idempotencyKey,
            @RequestHeader HttpHeaders headers) {
        int keys = headers.getOrEmpty(IDEMPOTENCY_KEY).size();
        if (keys > 1) {
            throw new RepeatedIdempotencyKeyException(keys);
        }
        OrderService.Placed placed;
        try {
            placed = orders.place(request, idempotencyKey);
        }
        catch (DataIntegrityViolationException ex) {
            // Two requests with the same key at the same moment: the unique key let one through.
            placed = orders.replay(request, idempotencyKey).orElseThrow(() -> ex);
        }
        var response = ResponseEntity.created(URI.create("/orders/" + placed.order().getId()));
        if (placed.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(OrderResponse.of(placed.order()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One order")
    OrderResponse get(@PathVariable long id) {
        return OrderResponse.of(orders.find(id));
    }

    /**
     * What the order went through, as the services reported it (a read model fed by the events; see
     * {@link Timeline}), a page at a time, oldest first. An order whose {@code OrderCreated} has not
     * yet come back through the broker has an empty timeline; an unknown order is a 404; a page or
     * size out of range is a 400.
     */
    @GetMapping("/{id}/timeline")
    @Operation(summary = "Everything the order went through: placed, published, stock, shipment, cancelled — each once")
    TimelineResponse timeline(@PathVariable long id, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(TimelineResponse.MAX_SIZE) int size) {
        Order order = orders.find(id);
        return TimelineResponse.of(order.getId(), order.getStatus(), page, size, timeline.of(id, page, size));
    }

    /**
     * Only a JSON request cancels: a page on another site can make a browser send a form or plain
     * text here without asking ("simple request"), but not {@code application/json} — for that the
     * browser asks first (CORS preflight), and order-service allows no other origin. Anything else
     * is a 415 problem.
     */
    @PostMapping(value = "/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel an order (Content-Type: application/json); cancelling it again changes nothing and sends nothing")
    OrderResponse cancel(@PathVariable long id) {
        return OrderResponse.of(orders.cancel(id));
    }
}
