package com.example.reliable.publishing;

import java.time.Clock;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.Assert;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires reliable publishing onto the beans Spring Boot already made: the confirm and return
 * callbacks are registered once on Boot's {@code RabbitTemplate} through a customizer; confirms,
 * returns and mandatory themselves are switched on by {@code spring.rabbitmq.*} properties, and
 * start-up fails if they are not. Its meters ({@link PublishingMetrics}) go to Boot's
 * {@code MeterRegistry}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ReliablePublishingProperties.class)
class ReliablePublishingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean(MessageStore.class)
    RedisMessageStore redisMessageStore(StringRedisTemplate redis, Clock clock, ReliablePublishingProperties properties) {
        return new RedisMessageStore(redis, clock, properties.redisKeyPrefix());
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
    PublisherConfirms publisherConfirms(DeliveryAttempts attempts, PublishingMetrics metrics, Clock clock,
            ReliablePublishingProperties properties) {
        return new PublisherConfirms(attempts, metrics, clock, properties.confirmTimeout());
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
    MessageSender messageSender(org.springframework.amqp.rabbit.core.RabbitTemplate rabbit, PublisherConfirms confirms,
            DeliveryAttempts attempts) {
        return new MessageSender(rabbit, confirms, attempts);
    }

    @Bean
    ReliablePublisher reliablePublisher(MessageStore store, MessageSender sender, JsonMapper json, Clock clock,
            ReliablePublishingProperties properties) {
        return new ReliablePublisher(store, sender, json, clock, properties.resendAfter());
    }

    @Bean
    CompensationJob compensationJob(MessageStore store, CheckBack checkBack, MessageSender sender,
            PublishingMetrics metrics, Clock clock, ReliablePublishingProperties properties) {
        return new CompensationJob(store, checkBack, sender, metrics, clock, properties);
    }

    @Bean
    MessageAdminController messageAdminController(MessageStore store, PublishingMetrics metrics, Clock clock) {
        return new MessageAdminController(store, metrics, clock);
    }
}
