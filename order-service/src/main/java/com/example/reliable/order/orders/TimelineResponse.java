package com.example.reliable.order.orders;

import java.util.List;

import com.example.reliable.order.timeline.TimelineEntry;

/**
 * An order's timeline: its status here, and every event the services reported about it, oldest first.
 */
record TimelineResponse(long orderId, OrderStatus status, List<TimelineEntry> entries) {
}
