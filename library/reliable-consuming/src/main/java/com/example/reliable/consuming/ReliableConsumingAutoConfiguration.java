package com.example.reliable.consuming;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import com.example.reliable.audit.OperatorAudit;

/**
 * Reliable consuming for any service that has this module on its class path (listed in
 * {@code META-INF/spring/…AutoConfiguration.imports}). Puts the failure handling onto the listener containers Spring Boot makes: the
 * {@link MessageLogAdvice} and {@link TransientFailureRetry} advice and the
 * {@link DeadLetteringErrorHandler}; for a listener that takes whole batches, {@link MessageBatches},
 * which applies the same per message and acknowledges them together. Acknowledgement, prefetch, requeue behaviour and observation
 * (trace context from the message headers) stay {@code spring.rabbitmq.listener.simple.*} properties.
 * Adds the consumer's meters to Boot's {@code MeterRegistry}: {@link DuplicateCounter},
 * {@link ConflictCounter} and {@link QueueDepths} (sampled every
 * {@code reliable.consuming.metrics-interval} on the module's own task scheduler). In a web service, the operator's dead-letter API
 * ({@link DeadLetterAdminController}). The broker, the listeners and the meter registry are
 * optional, so that a context without them (a test's) still starts.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
@EnableConfigurationProperties(ReliableConsumingProperties.class)
public class ReliableConsumingAutoConfiguration {

    /** The bean name of reliable consuming's task scheduler. */
    public static final String SCHEDULER = "reliableConsumingScheduler";

    @Bean
    DuplicateCounter duplicateCounter(ObjectProvider<MeterRegistry> meters) {
        return new DuplicateCounter(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ConflictCounter conflictCounter(ObjectProvider<MeterRegistry> meters) {
        return new ConflictCounter(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * The one scheduler of reliable consuming's periodic work: a daemon thread for its one task, the
     * {@link QueueDepths} sample. Its own bean, not the application's, so that a service's
     * scheduling never delays it. A lifecycle bean itself (phase {@code Integer.MAX_VALUE / 2}), it
     * runs before the tasks that schedule on it start and until after they have stopped.
     */
    @Bean(SCHEDULER)
    ThreadPoolTaskScheduler reliableConsumingScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("reliable-consuming-");
        scheduler.setDaemon(true);
        return scheduler;
    }

    @Bean
    QueueDepths queueDepths(ObjectProvider<AmqpAdmin> admin,
            ObjectProvider<RabbitListenerEndpointRegistry> listeners, ObjectProvider<MeterRegistry> meters,
            @Qualifier(SCHEDULER) TaskScheduler scheduler, ReliableConsumingProperties properties) {
        return new QueueDepths(admin, new ListenedQueues(listeners),
                meters.getIfAvailable(SimpleMeterRegistry::new), scheduler, properties.metricsInterval());
    }

    /**
     * The operator's dead-letter API, in a web service with Spring MVC and a broker connection, unless
     * {@code reliable.consuming.operator-api.enabled=false}. A replay is confirmed before the dead
     * letter is removed, so it needs {@code spring.rabbitmq.publisher-confirm-type=correlated} and
     * {@code publisher-returns=true}: without them the service does not start.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestController")
    @ConditionalOnBean(ConnectionFactory.class)
    @ConditionalOnBooleanProperty(name = "reliable.consuming.operator-api.enabled", matchIfMissing = true)
    static class OperatorApiConfiguration {

        @Bean
        DeadLetterQueues deadLetterQueues(ConnectionFactory connections,
                ObjectProvider<RabbitListenerEndpointRegistry> listeners, ReliableConsumingProperties properties) {
            ReliableConsumingProperties.OperatorApi api = properties.operatorApi();
            return new DeadLetterQueues(connections, new ListenedQueues(listeners), api.scanLimit(),
                    api.previewLength(), api.confirmTimeout());
        }

        @Bean
        DeadLetterSearch deadLetterSearch(DeadLetterQueues deadLetters, ReliableConsumingProperties properties) {
            return new DeadLetterSearch(deadLetters, properties.operatorApi().scanLimit());
        }

        @Bean
        DeadLetterAdminController deadLetterAdminController(DeadLetterQueues deadLetters,
                ObjectProvider<MeterRegistry> meters, ReliableConsumingProperties properties,
                ObjectProvider<OperatorAudit> audit) {
            return new DeadLetterAdminController(deadLetters, meters.getIfAvailable(SimpleMeterRegistry::new),
                    properties.operatorApi().maxLimit(), audit.getIfAvailable(OperatorAudit::logOnly));
        }
    }

    @Bean
    TransientFailureRetry transientFailureRetry(ReliableConsumingProperties properties) {
        return new TransientFailureRetry(properties.initialDelay(), properties.maxDelay(),
                properties.conflictAttempts());
    }

    @Bean
    DeadLetteringErrorHandler deadLetteringErrorHandler(ObjectProvider<RabbitProperties> rabbit,
            ConflictCounter conflicts) {
        // What Boot set on the container (the container's default, true, unless the property says otherwise).
        Boolean requeueRejected = rabbit.getIfAvailable(RabbitProperties::new).getListener().getSimple()
                .getDefaultRequeueRejected();
        return new DeadLetteringErrorHandler(requeueRejected == null || requeueRejected, conflicts);
    }

    /**
     * For a listener that takes whole batches: the same retry and dead-lettering, per message, and
     * the same observation as the container's ({@code spring.rabbitmq.listener.simple.observation-enabled}).
     */
    @Bean
    MessageBatches messageBatches(TransientFailureRetry retry, DeadLetteringErrorHandler errors,
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<RabbitProperties> rabbit,
            ObjectProvider<PlatformTransactionManager> transactions) {
        boolean observed = rabbit.getIfAvailable(RabbitProperties::new).getListener().getSimple()
                .isObservationEnabled();
        PlatformTransactionManager transactionManager = transactions.getIfUnique();
        return new MessageBatches(retry, errors,
                observed ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP,
                transactionManager == null ? null : new TransactionTemplate(transactionManager));
    }

    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> reliableConsumingContainerCustomizer(
            ReliableConsumingProperties properties, TransientFailureRetry retry, DeadLetteringErrorHandler errors) {
        return container -> {
            // Outermost first: the ids are in the MDC for every retry and its log lines.
            container.setAdviceChain(new MessageLogAdvice(), retry);
            container.setErrorHandler(errors);
            if (container.isConsumerBatchEnabled()) {
                // A batch is applied once it is full or no further message came within this wait.
                container.setReceiveTimeout(properties.batchWait().toMillis());
            }
        };
    }
}
