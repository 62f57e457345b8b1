package com.example.reliable.publishing.job;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageSender;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.PeriodicTask;
import com.example.reliable.publishing.PublishingMetrics;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;
import com.example.reliable.publishing.ReliablePublishingProperties;

/**
 * The compensation job of reliable publishing, beside the publish path it makes good
 * ({@link ReliablePublishingAutoConfiguration}): the {@link CompensationJob} and its drain as a
 * {@link PeriodicTask}, every {@code reliable.publishing.job-interval}, the first one interval after
 * start-up.
 */
@AutoConfiguration(after = ReliablePublishingAutoConfiguration.class)
public class CompensationJobAutoConfiguration {

    @Bean
    CompensationJob compensationJob(MessageStore store, CheckBack checkBack, MessageSender sender,
            PublishingMetrics metrics, Clock clock, ReliablePublishingProperties properties) {
        return new CompensationJob(store, checkBack, sender, metrics, clock, properties);
    }

    @Bean
    PeriodicTask compensationJobDrain(CompensationJob job, ReliablePublishingProperties properties) {
        return new PeriodicTask("compensation job", properties.jobInterval(), properties.jobInterval(), job::drain);
    }
}
