package com.example.reliable.publishing;

import java.time.Duration;

/**
 * One of reliable publishing's recurring tasks, as a bean: what runs, first after
 * {@code initialDelay}, then {@code interval} after each run ends. {@link PublishingSchedules} runs
 * every such bean on the module's one {@code TaskScheduler}; the intervals come from
 * {@link ReliablePublishingProperties}.
 *
 * @param name for the log line when a run fails
 */
public record PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable task) {
}
