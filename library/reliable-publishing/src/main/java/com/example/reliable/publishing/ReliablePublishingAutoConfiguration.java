package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Duration;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.Assert;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reliable publishing for any service that has this module on its class path, a store module
 * ({@code reliable-publishing-redis} or {@code reliable-publishing-jdbc}, each of which makes the
 * {@link MessageStore}) and a {@link CheckBack} bean (the JDBC store brings one) — listed in
 * {@code META-INF/spring/…AutoConfiguration.imports}. It builds
 * on the beans Spring Boot already made: the confirm and return callbacks are registered once on
 * Boot's {@code RabbitTemplate} through a customizer; confirms, returns and mandatory themselves are
 * switched on by {@code spring.rabbitmq.*} properties, and start-up fails if they are not. A service
 * can replace the {@link Clock} with a bean of its own.
 * <p>
 * The path of a message: {@link ReliablePublisher} (store, then hand over after the commit) →
 * {@link MessageRelay} (own threads) → {@link MessageSender} (waits for room in the
 * {@link ConfirmWindow}, publishes) → {@link PublisherConfirms} (the broker's answer) →
 * {@link OutcomeWriter} (applies answers to the store in batches). What the relay could not do, the
 * compensation job does ({@code job/}, its own auto-configuration), every {@code job-interval} on the
 * {@link PublishingSchedules}. With tracing, each record keeps the trace it was stored in and every
 * publish is made in it ({@link MessageTracing}). The operator API is {@code admin/}'s, in a web
 * application.
 */
@AutoConfiguration(after = { RabbitAutoConfiguration.class, JacksonAutoConfiguration.class })
@EnableConfigurationProperties(ReliablePublishingProperties.class)
public class ReliablePublishingAutoConfiguration {

    /** The bean name of reliable publishing's task scheduler. */
    public static final String SCHEDULER = "reliablePublishingScheduler";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PublishingMetrics publishingMetrics(MeterRegistry meters, MessageStore store, Clock clock) {
        return new PublishingMetrics(meters, store, clock);
    }

    @Bean
    DeliveryAttempts deliveryAttempts(MessageStore store, PublishingMetrics metrics, Clock clock,
            ReliablePublishingProperties properties) {
        return new DeliveryAttempts(store, new Backoff(properties.backoff()), metrics, clock, properties.maxAttempts());
    }

    @Bean
    OutcomeWriter outcomeWriter(MessageStore store, DeliveryAttempts attempts) {
        return new OutcomeWriter(store, attempts);
    }

    @Bean
    ConfirmWindow confirmWindow(ReliablePublishingProperties properties) {
        return new ConfirmWindow(properties.confirmWindow());
    }

    @Bean
    PublisherConfirms publisherConfirms(ConfirmWindow window, OutcomeWriter outcomes, PublishingMetrics metrics,
            Clock clock, ReliablePublishingProperties properties) {
        return new PublisherConfirms(window, outcomes, metrics, clock, properties.confirmTimeout());
    }

    @Bean
    RabbitTemplateCustomizer publisherConfirmsCustomizer(PublisherConfirms confirms) {
        return template -> {
            ConnectionFactory connections = template.getConnectionFactory();
            Assert.state(connections.isPublisherConfirms() && connections.isPublisherReturns(),
                    "Reliable publishing needs spring.rabbitmq.publisher-confirm-type=correlated "
                            + "and spring.rabbitmq.publisher-returns=true");
            Assert.state(template.isMandatoryFor(null), "Reliable publishing needs spring.rabbitmq.template.mandatory=true");
            template.setConfirmCallback(confirms);
            template.setReturnsCallback(confirms);
        };
    }

    @Bean
    MessageSender messageSender(RabbitTemplate rabbit, PublisherConfirms confirms, DeliveryAttempts attempts,
            ObjectProvider<MessageTracing> tracing) {
        return new MessageSender(rabbit, confirms, attempts, tracing.getIfAvailable(() -> MessageTracing.OFF));
    }

    @Bean
    MessageRelay messageRelay(MessageSender sender, ConfirmWindow window, PublishingMetrics metrics, Clock clock,
            ObjectProvider<ObservationRegistry> observations, ReliablePublishingProperties properties) {
        return new MessageRelay(sender, window, metrics, clock, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                properties.relay());
    }

    @Bean
    ReliablePublisher reliablePublisher(MessageStore store, MessageRelay relay, JsonMapper json, Clock clock,
            ReliablePublishingProperties properties, ObjectProvider<PlatformTransactionManager> transactionManager,
            ObjectProvider<MessageTracing> tracing) {
        return new ReliablePublisher(store, relay, json, clock, properties.resendAfter(), transactionManager,
                tracing.getIfAvailable(() -> MessageTracing.OFF));
    }

    /**
     * The one scheduler of reliable publishing's recurring tasks: a thread for each, so that none
     * waits behind another (a drain may wait for room in the confirm window, which the overdue check
     * makes). Its own bean, not the application's, so that a service's scheduling settings never
     * starve it.
     */
    @Bean(SCHEDULER)
    ThreadPoolTaskScheduler reliablePublishingScheduler() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(3);
        scheduler.setThreadNamePrefix("reliable-publishing-");
        scheduler.setDaemon(true);
        return scheduler;
    }

    @Bean
    PeriodicTask confirmCheck(PublisherConfirms confirms, ReliablePublishingProperties properties) {
        return new PeriodicTask("confirm check", properties.confirmCheckInterval(), properties.confirmCheckInterval(),
                confirms::failOverdue);
    }

    @Bean
    PeriodicTask metricsSample(PublishingMetrics metrics, ReliablePublishingProperties properties) {
        return new PeriodicTask("metrics sample", Duration.ZERO, properties.metricsInterval(), metrics::sample);
    }

    @Bean
    PublishingSchedules publishingSchedules(@Qualifier(SCHEDULER) TaskScheduler scheduler,
            ObjectProvider<PeriodicTask> tasks) {
        return new PublishingSchedules(scheduler, tasks.orderedStream().toList());
    }

    /**
     * With micrometer-tracing on the class path and Boot's {@link Tracer} and {@link Propagator} (a
     * tracing bridge, e.g. Brave): a record keeps the trace it was stored in, and a resend continues
     * it. Without them, {@link MessageTracing#OFF}: nothing is kept, publishes are as before.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class Tracing {

        @Bean
        @ConditionalOnMissingBean
        MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer tracing = tracer.getIfUnique();
            Propagator propagation = propagator.getIfUnique();
            return tracing == null || propagation == null ? MessageTracing.OFF
                    : new StoredTraceContinuation(tracing, propagation);
        }
    }
}
