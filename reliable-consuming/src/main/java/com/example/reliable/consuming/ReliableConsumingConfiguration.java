package com.example.reliable.consuming;

import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the failure handling onto the listener containers Spring Boot makes: the
 * {@link TransientFailureRetry} advice and the {@link DeadLetteringErrorHandler}. Acknowledgement,
 * prefetch and requeue behaviour stay {@code spring.rabbitmq.listener.simple.*} properties.
 * A service imports it with {@code @Import(ReliableConsumingConfiguration.class)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReliableConsumingProperties.class)
public class ReliableConsumingConfiguration {

    @Bean
    DuplicateCounter duplicateCounter() {
        return new DuplicateCounter();
    }

    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> reliableConsumingContainerCustomizer(
            ReliableConsumingProperties properties) {
        return container -> {
            container.setAdviceChain(new TransientFailureRetry(properties.initialDelay(), properties.maxDelay(),
                    properties.conflictAttempts()));
            container.setErrorHandler(new DeadLetteringErrorHandler());
        };
    }
}
