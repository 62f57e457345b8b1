package com.example.reliable.benchmarks.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.example.reliable.benchmarks.Latencies;
import com.example.reliable.benchmarks.Ratio;
import com.example.reliable.benchmarks.Sample;
import com.example.reliable.benchmarks.Scenario;
import com.example.reliable.benchmarks.Settings;
import com.example.reliable.testsupport.Servers;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;

/**
 * (c) The teaching rows: one plain amqp-client publisher, on the same kind of queue as (a) (quorum,
 * persistent, mandatory, 512 B, one consumer), in one of three {@link Confirms} modes, for a fixed
 * time. A run counts as sound only if the consumer received every message published so far, none
 * was returned and none nacked; otherwise it throws.
 */
public final class PlainPublishing implements Scenario {

    /** How the publisher learns that the broker has the message. */
    public enum Confirms {
        /** Not at all: fire and forget. */
        NONE("c-none", "(c) fire and forget, no confirms", "no confirms: what the client can write, not what the broker has"),
        /** {@code waitForConfirmsOrDie} after every single publish. */
        WAIT_FOR_EACH("c-wait", "(c) wait for each confirm", "waitForConfirmsOrDie after each publish; p50/p99 = publish → confirm"),
        /** Asynchronous confirms, at most 256 unconfirmed. */
        ASYNC_WINDOW("c-async", "(c) async confirms, window 256", "confirm listener, ≤ 256 unconfirmed; p50/p99 = publish → confirm");

        final String row;
        final String label;
        final String note;

        Confirms(String row, String label, String note) {
            this.row = row;
            this.label = label;
            this.note = note;
        }
    }

    private static final int WINDOW = 256;
    private static final byte[] BODY = new byte[512];

    private final Confirms confirms;
    private final BrokerQueue queue;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong nacked = new AtomicLong();
    private long published;
    private Connection consumer;

    public PlainPublishing(Servers servers, Confirms confirms) {
        this.confirms = confirms;
        this.queue = new BrokerQueue(servers, confirms.row);
    }

    @Override
    public String name() {
        return confirms.label;
    }

    @Override
    public void warmUp(Settings settings) throws Exception {
        queue.declare();
        consumer = queue.connect("consumer");
        consumer.createChannel().basicConsume(queue.name(), true, (tag, delivery) -> delivered.incrementAndGet(),
                tag -> { });
        publishFor(settings.brokerWarmUp(), new Latencies());
    }

    @Override
    public List<Sample> run(Settings settings) throws Exception {
        var latencies = new Latencies();
        long before = published;
        long start = System.nanoTime();
        publishFor(settings.brokerRun(), latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        long missing = awaitDelivered();
        latencies.snapshot();
        var sample = new Sample(confirms.row, confirms.label, "msg/s", (published - before) / seconds,
                latencies.p50Ms(), latencies.p99Ms(), confirms.note + (missing == 0 ? "; all " + published + " delivered"
                        : "; " + missing + " of " + published + " published so far never arrived; nothing told the publisher"), null);
        return List.of(confirms == Confirms.ASYNC_WINDOW ? sample.withRatio(Ratio.valueTo("c-wait")) : sample);
    }

    @Override
    public void close() throws Exception {
        if (consumer != null) {
            consumer.abort();
        }
        queue.delete();
    }

    private void publishFor(Duration duration, Latencies latencies) throws Exception {
        try (var connection = queue.connect("publisher"); var channel = connection.createChannel()) {
            channel.addReturnListener(message -> returned.incrementAndGet());
            AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC;
            long deadline = System.nanoTime() + duration.toNanos();
            switch (confirms) {
                case NONE -> {
                    while (System.nanoTime() < deadline) {
                        channel.basicPublish("", queue.name(), true, persistent, BODY);
                        published++;
                    }
                }
                case WAIT_FOR_EACH -> {
                    channel.confirmSelect();
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        channel.basicPublish("", queue.name(), true, persistent, BODY);
                        channel.waitForConfirmsOrDie(5_000);
                        latencies.recordNanos(System.nanoTime() - sent);
                        published++;
                    }
                }
                case ASYNC_WINDOW -> published += new AsyncConfirmWindow(channel, WINDOW, latencies, nacked)
                        .publishUntil(deadline, queue.name(), persistent, BODY);
            }
        }
    }

    /**
     * Waits until the consumer has every message published so far, or its count stops moving for
     * 5 s, or 60 s have passed. With confirms, a missing, returned or nacked message fails the run.
     * Without confirms a loss is what the mode allows: it is reported, not failed — no publisher
     * would ever know.
     *
     * @return how many messages published so far never arrived
     */
    private long awaitDelivered() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (delivered.get() < published && System.nanoTime() < giveUp
                && System.nanoTime() - lastProgress < Duration.ofSeconds(5).toNanos()) {
            if (delivered.get() != seen) {
                seen = delivered.get();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(50);
        }
        long missing = published - delivered.get();
        if ((confirms != Confirms.NONE && missing != 0) || returned.get() > 0 || nacked.get() > 0) {
            throw new IllegalStateException(name() + ": published " + published + ", delivered " + delivered.get()
                    + ", returned " + returned.get() + ", nacked " + nacked.get());
        }
        return missing;
    }
}
