package com.example.reliable.benchmarks.broker;

import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.example.reliable.benchmarks.Latencies;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

/**
 * Publishing with asynchronous confirms and a window: at most {@code size} messages unconfirmed; a
 * publish waits for a permit, a confirm (single or {@code multiple}) gives back one permit per
 * message it settles and records each one's publish → confirm latency. Nacks are counted.
 */
final class AsyncConfirmWindow {

    private final Channel channel;
    private final int size;
    private final Semaphore window;
    private final ConcurrentNavigableMap<Long, Long> outstanding = new ConcurrentSkipListMap<>();
    private final Latencies latencies;

    AsyncConfirmWindow(Channel channel, int size, Latencies latencies, AtomicLong nacked) throws Exception {
        this.channel = channel;
        this.size = size;
        this.window = new Semaphore(size);
        this.latencies = latencies;
        channel.confirmSelect();
        channel.addConfirmListener((seq, multiple) -> settle(seq, multiple),
                (seq, multiple) -> nacked.addAndGet(settle(seq, multiple)));
    }

    /** Publishes until the deadline, then waits (bounded) for the last confirms; returns the count. */
    long publishUntil(long deadlineNanos, String queue, AMQP.BasicProperties properties, byte[] body) throws Exception {
        long published = 0;
        while (System.nanoTime() < deadlineNanos) {
            if (!window.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("No confirm for 5 s with " + size + " outstanding");
            }
            outstanding.put(channel.getNextPublishSeqNo(), System.nanoTime());
            channel.basicPublish("", queue, true, properties, body);
            published++;
        }
        channel.waitForConfirmsOrDie(10_000);
        return published;
    }

    private int settle(long seq, boolean multiple) {
        long now = System.nanoTime();
        var settled = multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
        int count = 0;
        for (Long sent : settled.values()) {
            latencies.recordNanos(now - sent);
            count++;
        }
        settled.clear();
        window.release(count);
        return count;
    }
}
