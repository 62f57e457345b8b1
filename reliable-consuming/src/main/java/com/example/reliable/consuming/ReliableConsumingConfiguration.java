package com.example.reliable.consuming;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Puts the failure handling onto the listener containers Spring Boot makes: the
 * {@link MessageLogContext} and {@link TransientFailureRetry} advice and the
 * {@link DeadLetteringErrorHandler}. Acknowledgement, prefetch, requeue behaviour and observation
 * (trace context from the message headers) stay {@code spring.rabbitmq.listener.simple.*} properties.
 * Adds the consumer's meters to Boot's {@code MeterRegistry}: {@link DuplicateCounter},
 * {@link ConflictCounter} and {@link DeadLetterQueueDepth}. A service imports it with
 * {@code @Import(ReliableConsumingConfiguration.class)}; a web slice test of the service imports it too,
 * without a broker, listeners or meter registry, which is why those are optional here.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ReliableConsumingProperties.class)
public class ReliableConsumingConfiguration {

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
            ObjectProvider<RabbitListenerEndpointRegistry> listeners, ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterQueueDepth(admin, listeners, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> reliableConsumingContainerCustomizer(
            ReliableConsumingProperties properties) {
        return container -> {
            // Outermost first: the ids are in the MDC for every retry and its log lines.
            container.setAdviceChain(new MessageLogContext(), new TransientFailureRetry(properties.initialDelay(),
                    properties.maxDelay(), properties.conflictAttempts()));
            container.setErrorHandler(new DeadLetteringErrorHandler());
        };
    }
}
