package com.example.reliable.publishing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.observation.ObservationRegistry;

/**
 * Takes a stored record from a committed transaction to the broker, so that the caller never
 * waits for the broker: {@link #submit} only puts the record into a bounded queue and returns.
 * The relay's own threads publish from that queue through the {@link MessageSender}, many publishes
 * in flight at once (the {@link ConfirmWindow}); the answers come back to the
 * {@link PublisherConfirms}.
 * <p>
 * Nothing here can lose a message, because the record is already in the store: a record that
 * finds the queue full, or that waited in it past its resend time (a slow or frozen broker), is
 * left to the {@link com.example.reliable.publishing.job.CompensationJob}, which would claim it at that time anyway. Both are counted
 * ({@code publishing.relay.left.for.job}, by reason).
 * <p>
 * The caller's current observation (with tracing: its span) travels with the record, and the publish
 * is made inside it, so the message carries the trace of the request that produced it although
 * another thread sends it. That live observation is only in memory; the record also keeps the trace
 * in the store ({@link OutgoingMessage#traceparent()}), which is what a resend by the job continues.
 */
class MessageRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageRelay.class);

    /**
     * Stops after the web server has stopped taking requests (Boot's web server lifecycle is at
     * {@code DEFAULT_PHASE - 2048}), while the store and the broker are still there.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /**
     * The most records one relay thread takes from its queue and publishes on one channel in one go
     * (not the job's {@code batch-size}, which is how many records a job round claims).
     */
    private static final int MAX_PER_CHANNEL = 100;

    private final MessageSender sender;
    private final ConfirmWindow window;
    private final PublishingMetrics metrics;
    private final Clock clock;
    private final int threadCount;
    private final ObservationRegistry observations;
    private final BlockingQueue<MessageSender.Publish> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    MessageRelay(MessageSender sender, ConfirmWindow window, PublishingMetrics metrics, Clock clock,
            ObservationRegistry observations, ReliablePublishingProperties.Relay settings) {
        this.sender = sender;
        this.window = window;
        this.metrics = metrics;
        this.clock = clock;
        this.observations = observations;
        this.threadCount = settings.threads();
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        metrics.relayQueue(queue::size);
    }

    /**
     * Hands a stored record over for publishing, at once: never blocks, never touches the broker.
     *
     * @return whether the relay took it; if not, the compensation job will
     */
    boolean submit(MessageRecord record) {
        if (queue.offer(new MessageSender.Publish(record, observations.getCurrentObservation()))) {
            return true;
        }
        metrics.leftForJob("full");
        log.debug("Relay queue full: message {} is left for the compensation job", record.id());
        return false;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 1; i <= threadCount; i++) {
            Thread thread = new Thread(this::relayUntilStopped, "reliable-publishing-relay-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Stops taking records (those still queued stay in the store for the job) and waits a moment
     * for the answers to what is in flight, so that a clean shutdown leaves little to resend.
     */
    @Override
    public synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            while (window.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops once the web server has stopped taking requests, before the store and the broker go. */
    @Override
    public int getPhase() {
        return PHASE;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                MessageSender.Publish first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null && relay(first).interrupted()) {
                    return;
                }
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (RuntimeException ex) {
                log.warn("Relay could not publish a message (the compensation job will): {}", ex.toString());
            }
        }
    }

    /** Publishes the first record and whatever else is queued now (up to a batch), on one channel. */
    private MessageSender.Sent relay(MessageSender.Publish first) {
        List<MessageSender.Publish> batch = new ArrayList<>(MAX_PER_CHANNEL);
        batch.add(first);
        queue.drainTo(batch, MAX_PER_CHANNEL - 1);
        var now = clock.instant();
        // Waited past its resend time: the job may be sending it right now; sending too would only duplicate.
        int before = batch.size();
        batch.removeIf(publish -> !now.isBefore(publish.record().nextAttemptAt()));
        for (int i = batch.size(); i < before; i++) {
            metrics.leftForJob("late");
        }
        return batch.isEmpty() ? new MessageSender.Sent(0, false, false) : sender.send(batch);
    }
}
