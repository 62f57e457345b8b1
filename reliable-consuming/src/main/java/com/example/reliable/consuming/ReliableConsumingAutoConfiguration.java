package com.example.reliable.consuming;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Reliable consuming for any service that has this module on its class path (listed in
 * {@code META-INF/spring/…AutoConfiguration.imports}). Puts the failure handling onto the listener containers Spring Boot makes: the
 * {@link MessageLogAdvice} and {@link TransientFailureRetry} advice and the
 * {@link DeadLetteringErrorHandler}. Acknowledgement, prefetch, requeue behaviour and observation
 * (trace context from the message headers) stay {@code spring.rabbitmq.listener.simple.*} properties.
 * Adds the consumer's meters to Boot's {@code MeterRegistry}: {@link DuplicateCounter},
 * {@link ConflictCounter} and {@link DeadLetterQueueDepth} (sampled every
 * {@code reliable.consuming.metrics-interval}). The broker, the listeners and the meter registry are
 * optional, so that a context without them (a test's) still starts.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
@EnableConfigurationProperties(ReliableConsumingProperties.class)
public class ReliableConsumingAutoConfiguration {

    @Bean
    DuplicateCounter duplicateCounter(ObjectProvider<MeterRegistry> meters) {
        return new DuplicateCounter(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ConflictCounter conflictCounter(ObjectProvider<MeterRegistry> meters) {
        return new ConflictCounter(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    DeadLetterQueueDepth deadLetterQueueDepth(ObjectProvider<AmqpAdmin> admin,
            ObjectProvider<RabbitListenerEndpointRegistry> listeners, ObjectProvider<MeterRegistry> meters,
            ReliableConsumingProperties properties) {
        return new DeadLetterQueueDepth(admin, listeners, meters.getIfAvailable(SimpleMeterRegistry::new),
                properties.metricsInterval());
    }

    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> reliableConsumingContainerCustomizer(
            ReliableConsumingProperties properties) {
        return container -> {
            // Outermost first: the ids are in the MDC for every retry and its log lines.
            container.setAdviceChain(new MessageLogAdvice(), new TransientFailureRetry(properties.initialDelay(),
                    properties.maxDelay(), properties.conflictAttempts()));
            container.setErrorHandler(new DeadLetteringErrorHandler());
        };
    }
}
