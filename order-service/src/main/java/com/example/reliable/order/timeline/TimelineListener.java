package com.example.reliable.order.timeline;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feeds the {@link Timeline} from the order and shipment events (inventory's stock replies reach it
 * through order-service's reply handling, once accepted: {@link ReplyTimeline}). Each event is recorded under
 * its operation id; a duplicate delivery writes nothing, is counted ({@code order.timeline.duplicates},
 * apart from the stock replies' {@code consumer.duplicates.skipped}) and acked.
 * Catches nothing: a failure (Redis away) reaches the container and is retried.
 */
@Component
@RabbitListener(id = TimelineListener.ID, queues = "${order.timeline.queue}",
        messageConverter = TimelineMessagingConfiguration.CONVERTER)
class TimelineListener {

    /** The listener container's id. */
    static final String ID = "order-timeline";

    private static final Logger log = LoggerFactory.getLogger(TimelineListener.class);

    private final Timeline timeline;
    private final TimelineEntries entries;
    private final Counter duplicates;

    TimelineListener(Timeline timeline, TimelineEntries entries, MeterRegistry meters) {
        this.timeline = timeline;
        this.entries = entries;
        this.duplicates = Counter.builder("order.timeline.duplicates")
                .description("Events the timeline had recorded already (a redelivery or a resend)")
                .register(meters);
    }

    @RabbitHandler
    void on(OrderCreated event) {
        record(event.orderId(), event.fingerprint(), entries.of(event));
    }

    @RabbitHandler
    void on(OrderCancelled event) {
        record(event.orderId(), event.fingerprint(), entries.of(event));
    }

    @RabbitHandler
    void on(ShipmentCreated event) {
        record(event.orderId(), event.fingerprint(), entries.of(event));
    }

    @RabbitHandler
    void on(ShipmentCancelled event) {
        record(event.orderId(), event.fingerprint(), entries.of(event));
    }

    private void record(long orderId, String operation, List<TimelineEntry> recorded) {
        if (timeline.record(orderId, operation, recorded) == Timeline.Recorded.DUPLICATE) {
            duplicates.increment();
            log.info("Timeline of order {}: {} is recorded already (duplicate)", orderId, operation);
        }
    }
}
