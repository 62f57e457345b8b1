package com.example.reliable.order.timeline;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShipmentCancelled;
import com.example.reliable.common.ShipmentCreated;
import com.example.reliable.consuming.MessageBatches;
import com.rabbitmq.client.Channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feeds the {@link Timeline} from the order and shipment events (inventory's stock replies reach it
 * through order-service's reply handling, once accepted: {@link ReplyTimeline}). Each event is recorded under
 * its operation id; a duplicate delivery writes nothing, is counted ({@code order.timeline.duplicates},
 * apart from the stock replies' {@code consumer.duplicates.skipped}) and acked.
 * Takes the events a batch at a time; {@link MessageBatches} records them one by one, requeues one
 * that failed (Redis away) alone, and acknowledges the recorded ones together.
 */
@Component
class TimelineListener {

    /** The listener container's id. */
    static final String ID = "order-timeline";

    private static final Logger log = LoggerFactory.getLogger(TimelineListener.class);

    private final Timeline timeline;
    private final TimelineEntries entries;
    private final Counter duplicates;
    private final MessageConverter converter;
    private final MessageBatches batches;

    TimelineListener(Timeline timeline, TimelineEntries entries, MeterRegistry meters,
            @Qualifier(TimelineMessagingConfiguration.CONVERTER) MessageConverter converter, MessageBatches batches) {
        this.timeline = timeline;
        this.entries = entries;
        this.converter = converter;
        this.batches = batches;
        this.duplicates = Counter.builder("order.timeline.duplicates")
                .description("Events the timeline had recorded already (a redelivery or a resend)")
                .register(meters);
    }

    @RabbitListener(id = ID, queues = "${order.timeline.queue}", ackMode = "MANUAL")
    void on(List<Message> batch, Channel channel) {
        batches.apply(ID, batch, channel, message -> {
            // The strict converter reads these four types only: anything else is refused before this.
            Object event = converter.fromMessage(message);
            if (event instanceof OrderCreated created) {
                record(created.orderId(), created.fingerprint(), entries.of(created));
            }
            else if (event instanceof OrderCancelled cancelled) {
                record(cancelled.orderId(), cancelled.fingerprint(), entries.of(cancelled));
            }
            else if (event instanceof ShipmentCreated shipped) {
                record(shipped.orderId(), shipped.fingerprint(), entries.of(shipped));
            }
            else {
                ShipmentCancelled unshipped = (ShipmentCancelled) event;
                record(unshipped.orderId(), unshipped.fingerprint(), entries.of(unshipped));
            }
        });
    }

    private void record(long orderId, String operation, List<TimelineEntry> recorded) {
        if (timeline.record(orderId, operation, recorded) == Timeline.Recorded.DUPLICATE) {
            duplicates.increment();
            log.info("Timeline of order {}: {} is recorded already (duplicate)", orderId, operation);
        }
    }
}
