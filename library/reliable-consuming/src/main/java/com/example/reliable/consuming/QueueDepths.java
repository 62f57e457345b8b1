package com.example.reliable.consuming;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many messages wait in each queue this service listens to, and in its dead-letter queue:
 * <ul>
 * <li>the gauge {@code consumer.queue.depth}, tag {@code queue} = the queue
 * ({@code consumer_queue_depth} in Prometheus): the messages ready for this service, not counting
 * the ones its listeners hold unacknowledged (up to their prefetch). Deep and growing means the
 * consumer does not keep up with what arrives;</li>
 * <li>the gauge {@code consumer.dlq.depth}, tag {@code queue} = {@code <queue>.dlq}
 * ({@code consumer_dlq_depth}): above 0 means a message could not be applied and waits for an
 * operator.</li>
 * </ul>
 * Sampled every {@code reliable.consuming.metrics-interval} in the background with one passive
 * queue declaration per queue ({@code AmqpAdmin.getQueueInfo}), never at scrape time, so
 * a scrape costs the broker nothing and never waits for it. NaN while the broker cannot be asked.
 * Runs on reliable consuming's task scheduler from {@link #start()} (the scheduler, a lifecycle bean
 * of an earlier phase, is running by then) until {@link #stop()}; a sample that fails is logged and
 * taken again one interval later.
 */
class QueueDepths implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    private final ObjectProvider<AmqpAdmin> admin;
    private final Supplier<List<String>> listenedQueues;
    private final MeterRegistry meters;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final Map<String, Depth> depths = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sampling;

    /** The admin and the listened queues are there in a service; a context without them samples nothing. */
    QueueDepths(ObjectProvider<AmqpAdmin> admin, Supplier<List<String>> listenedQueues,
            MeterRegistry meters, TaskScheduler scheduler, Duration interval) {
        this.admin = admin;
        this.listenedQueues = listenedQueues;
        this.meters = meters;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /** The first sample at once, then one {@code interval} after each. */
    @Override
    public synchronized void start() {
        sampling = scheduler.scheduleWithFixedDelay(this::sampleQuietly, Instant.now(), interval);
    }

    /** No further sample; one under way ends. */
    @Override
    public synchronized void stop() {
        if (sampling != null) {
            sampling.cancel(false);
            sampling = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampling != null;
    }

    private void sampleQuietly() {
        try {
            sample();
        }
        catch (RuntimeException ex) {
            log.warn("Could not sample the queues' depth; again in {}: {}", interval, ex.toString());
        }
    }

    void sample() {
        AmqpAdmin broker = admin.getIfAvailable();
        if (broker == null) {
            return;
        }
        for (String queue : listenedQueues.get()) {
            sample(broker, queue, "consumer.queue.depth", "Messages ready in a queue this service listens to");
            sample(broker, ConsumerQueue.deadLetterQueue(queue), "consumer.dlq.depth",
                    "Messages waiting in the dead-letter queue");
        }
    }

    private void sample(AmqpAdmin broker, String queue, String gauge, String description) {
        double messages;
        try {
            QueueInformation info = broker.getQueueInfo(queue);
            messages = info == null ? Double.NaN : info.getMessageCount();
        }
        catch (RuntimeException ex) {
            log.debug("Could not read the depth of {}: {}", queue, ex.toString());
            messages = Double.NaN;
        }
        if (Double.isNaN(messages) && !depths.containsKey(queue)) {
            return; // no such queue (yet): no gauge
        }
        depths.computeIfAbsent(queue, name -> register(name, gauge, description)).messages = messages;
    }

    private Depth register(String queue, String gauge, String description) {
        Depth depth = new Depth();
        Gauge.builder(gauge, depth, d -> d.messages).tag("queue", queue).description(description).register(meters);
        return depth;
    }

    /** The last sampled depth of one queue; its gauge reads it. */
    private static final class Depth {
        private volatile double messages = Double.NaN;
    }
}
