package com.example.reliable.order.timeline;

import org.springframework.stereotype.Component;

import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;

/**
 * How inventory's stock replies reach an order's timeline: from order-service's reply handling, once
 * it has accepted the reply, never straight from the broker. So the timeline shows the answer the
 * order took, and a reply order-service refused (a forged one, a contradiction) never appears in it.
 * Each reply's operation is recorded once ({@link Timeline#record}), so the reply handling may call
 * this again for a duplicate: that is what makes good a crash between the order's commit and this call.
 */
@Component
public class ReplyTimeline {

    private final Timeline timeline;
    private final TimelineEntries entries;

    ReplyTimeline(Timeline timeline, TimelineEntries entries) {
        this.timeline = timeline;
        this.entries = entries;
    }

    public void accepted(StockReserved reply) {
        timeline.record(reply.orderId(), reply.fingerprint(), entries.of(reply));
    }

    public void accepted(StockRejected reply) {
        timeline.record(reply.orderId(), reply.fingerprint(), entries.of(reply));
    }

    public void accepted(StockReleased reply) {
        timeline.record(reply.orderId(), reply.fingerprint(), entries.of(reply));
    }
}
