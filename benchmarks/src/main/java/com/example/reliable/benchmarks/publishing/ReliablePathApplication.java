package com.example.reliable.benchmarks.publishing;

import java.util.HashSet;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;
import com.example.reliable.testsupport.ResourcelessTransactionManager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A service made of nothing but reliable publishing, for (b): Boot's RabbitMQ, Redis and Jackson
 * auto-configuration and {@code reliable-publishing}'s own, with the settings a service uses
 * (correlated confirms, returns, mandatory; the module's defaults otherwise). The business
 * transaction is empty: a transaction manager without a resource, so that "after the commit" runs
 * as in a service, and a check-back that says every change is committed.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
        JacksonAutoConfiguration.class, ReliablePublishingAutoConfiguration.class })
class ReliablePathApplication {

    @Bean
    CheckBack checkBack() {
        return sources -> new HashSet<>(sources);
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    PlatformTransactionManager transactionManager() {
        return new ResourcelessTransactionManager();
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }

    @Bean
    static RemovalClock removalClock() {
        return new RemovalClock();
    }
}
