package com.example.reliable.publishing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The three recurring tasks of reliable publishing, each on the interval its setting gives:
 * the compensation job's drain ({@code job-interval}, first run one interval after start-up), the
 * check for overdue confirms ({@code confirm-check-interval}) and the metrics sample
 * ({@code metrics-interval}). The job has a thread of its own, because a drain may wait for the
 * broker or for room in the confirm window; the overdue check, which makes that room when confirms
 * stop coming, must never wait behind it. A task that throws is logged and runs again next time.
 */
class PublishingSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PublishingSchedules.class);

    private final CompensationJob job;
    private final PublisherConfirms confirms;
    private final PublishingMetrics metrics;
    private final ReliablePublishingProperties properties;
    private ScheduledExecutorService jobThread;
    private ScheduledExecutorService timerThread;

    PublishingSchedules(CompensationJob job, PublisherConfirms confirms, PublishingMetrics metrics,
            ReliablePublishingProperties properties) {
        this.job = job;
        this.confirms = confirms;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        jobThread = Executors.newSingleThreadScheduledExecutor(daemon("reliable-publishing-job"));
        timerThread = Executors.newSingleThreadScheduledExecutor(daemon("reliable-publishing-timers"));
        every(jobThread, properties.jobInterval(), properties.jobInterval(), job::drain, "compensation job");
        every(timerThread, properties.confirmCheckInterval(), properties.confirmCheckInterval(), confirms::failOverdue,
                "confirm check");
        every(timerThread, Duration.ZERO, properties.metricsInterval(), metrics::sample, "metrics sample");
    }

    @Override
    public synchronized void stop() {
        if (jobThread != null) {
            jobThread.shutdownNow();
            timerThread.shutdownNow();
            try {
                jobThread.awaitTermination(2, TimeUnit.SECONDS);
                timerThread.awaitTermination(2, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            jobThread = null;
            timerThread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return jobThread != null;
    }

    /** Stops with the relay: both hand work to the broker and the outcome writer. */
    @Override
    public int getPhase() {
        return MessageRelay.PHASE;
    }

    private static void every(ScheduledExecutorService executor, Duration initialDelay, Duration interval,
            Runnable task, String name) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                log.warn("Reliable publishing's {} failed; it runs again in {}: {}", name, interval, ex.toString());
            }
        }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
