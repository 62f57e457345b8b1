package com.example.reliable.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Applies the broker's answers to the store, on a thread of its own, so that the AMQP connection's
 * thread that delivers them never waits for Redis. Answers that arrive together are applied
 * together: all deliveries of a batch are removed in one round trip
 * ({@link MessageStore#delivered(java.util.Collection)}), failures one by one through
 * {@link DeliveryAttempts} (they are rare).
 * <p>
 * Deliveries are applied before failures: an ack means the broker has the message, so a failure
 * reported in the same batch for another attempt of it changes nothing. If the store cannot be
 * written, the records simply stay SENDING and the compensation job resends them later, which
 * consumers deduplicate: nothing is lost. On shutdown, whatever is still queued is written first.
 */
class OutcomeWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final int MAX_BATCH = 1_000;

    /** Stops last: after the relay and the job, which hand it answers until they stop. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

    private final MessageStore store;
    private final DeliveryAttempts attempts;
    private final BlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;

    OutcomeWriter(MessageStore store, DeliveryAttempts attempts) {
        this.store = store;
        this.attempts = attempts;
    }

    /** The broker has the message: its record goes. */
    void delivered(AttemptCorrelation attempt) {
        queue.add(new Outcome(attempt, null, false));
    }

    /** The attempt failed; see {@link DeliveryAttempts#failed}. */
    void failed(AttemptCorrelation attempt, String reason, boolean counts) {
        queue.add(new Outcome(attempt, reason, counts));
    }

    @Override
    public void start() {
        Thread writer = new Thread(this::writeUntilStopped, "reliable-publishing-outcomes");
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    @Override
    public void stop() {
        Thread writer = thread;
        thread = null;
        if (writer != null) {
            try {
                writer.join(2_000); // it notices within one poll and finishes the batch in hand
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        List<Outcome> rest = new ArrayList<>();
        queue.drainTo(rest); // what arrived while stopping
        write(rest);
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void writeUntilStopped() {
        while (thread == Thread.currentThread()) {
            try {
                Outcome first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Outcome> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                }
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (RuntimeException ex) {
                log.warn("Could not write publish outcomes to the store (the records stay SENDING and are resent "
                        + "later): {}", ex.toString());
            }
        }
    }

    private void write(List<Outcome> batch) {
        List<String> delivered = new ArrayList<>();
        for (Outcome outcome : batch) {
            if (outcome.reason() == null) {
                delivered.add(outcome.attempt().messageId());
            }
        }
        if (!delivered.isEmpty()) {
            store.delivered(delivered);
            log.debug("{} messages confirmed by the broker; records removed", delivered.size());
        }
        for (Outcome outcome : batch) {
            if (outcome.reason() != null) {
                try (var context = outcome.attempt().logContext()) {
                    attempts.failed(outcome.attempt(), outcome.reason(), outcome.counts());
                }
            }
        }
    }

    /** One answer: delivered when {@code reason} is null. */
    private record Outcome(AttemptCorrelation attempt, String reason, boolean counts) {
    }
}
