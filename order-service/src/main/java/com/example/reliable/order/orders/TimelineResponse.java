package com.example.reliable.order.orders;

import java.util.List;

import com.example.reliable.order.timeline.Timeline;
import com.example.reliable.order.timeline.TimelineEntry;

/**
 * One page of an order's timeline: its status here, and the events the services reported about it,
 * oldest first.
 *
 * @param total how many entries the order's timeline holds
 * @param notStored entries that arrived after the timeline was full ({@code order.timeline.max-entries}),
 *     counted and not stored
 */
record TimelineResponse(long orderId, OrderStatus status, int page, int size, long total, long notStored,
        List<TimelineEntry> entries) {

    /** The largest page. */
    static final int MAX_SIZE = 100;

    static TimelineResponse of(long orderId, OrderStatus status, int page, int size, Timeline.Page entries) {
        return new TimelineResponse(orderId, status, page, size, entries.total(), entries.notStored(),
                entries.entries());
    }
}
