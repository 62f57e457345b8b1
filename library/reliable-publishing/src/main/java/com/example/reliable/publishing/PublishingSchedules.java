package com.example.reliable.publishing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs reliable publishing's recurring tasks ({@link PeriodicTask} beans: the compensation job's
 * drain every {@code job-interval}, the check for overdue confirms every {@code confirm-check-interval},
 * the metrics sample every {@code metrics-interval}) on the module's {@link TaskScheduler}, each with
 * a fixed delay between runs. The scheduler has a thread per task, so the overdue check, which makes
 * room in the confirm window when confirms stop coming, never waits behind a drain that waits for that
 * room. A run that throws is logged and the task runs again next time.
 */
class PublishingSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PublishingSchedules.class);

    private final TaskScheduler scheduler;
    private final List<PeriodicTask> tasks;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    PublishingSchedules(TaskScheduler scheduler, List<PeriodicTask> tasks) {
        this.scheduler = scheduler;
        this.tasks = List.copyOf(tasks);
    }

    @Override
    public synchronized void start() {
        for (PeriodicTask task : tasks) {
            scheduled.add(scheduler.scheduleWithFixedDelay(() -> runLogged(task),
                    Instant.now().plus(task.initialDelay()), task.interval()));
        }
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(future -> future.cancel(true));
        scheduled.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !scheduled.isEmpty();
    }

    /** Stops with the relay: both hand work to the broker and the outcome writer. */
    @Override
    public int getPhase() {
        return MessageRelay.PHASE;
    }

    private static void runLogged(PeriodicTask task) {
        try {
            task.task().run();
        }
        catch (RuntimeException ex) {
            log.warn("Reliable publishing's {} failed; it runs again in {}: {}", task.name(), task.interval(),
                    ex.toString());
        }
    }
}
