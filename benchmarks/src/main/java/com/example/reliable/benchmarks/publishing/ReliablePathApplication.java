package com.example.reliable.benchmarks.publishing;

import java.util.HashSet;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;
import com.example.reliable.publishing.jdbc.JdbcStoreAutoConfiguration;
import com.example.reliable.publishing.job.CompensationJobAutoConfiguration;
import com.example.reliable.publishing.redis.RedisStoreAutoConfiguration;
import com.example.reliable.testsupport.ResourcelessTransactionManager;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A service made of nothing but reliable publishing, for (b): Boot's RabbitMQ, Redis and Jackson
 * auto-configuration and reliable publishing's own (the path, the job, and the store modules', the
 * Redis store unless {@code reliable.publishing.store=jdbc}), with the settings a service uses
 * (correlated confirms, returns, mandatory; the module's defaults otherwise). The business
 * transaction is empty: with the Redis store, a transaction manager without a resource, so that
 * "after the commit" runs as in a service; with the JDBC store ({@code reliable.publishing.store=jdbc}),
 * a real transaction on a private database whose only statement is the outbox insert. The
 * check-back says every change is committed.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
        JacksonAutoConfiguration.class, ReliablePublishingAutoConfiguration.class,
        CompensationJobAutoConfiguration.class, RedisStoreAutoConfiguration.class, JdbcStoreAutoConfiguration.class })
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
    @ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "redis", matchIfMissing = true)
    PlatformTransactionManager transactionManager() {
        return new ResourcelessTransactionManager();
    }

    /** A pool as a service has one (Hikari, 8 connections), on the benchmark's private database. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "jdbc")
    HikariDataSource outboxDataSource(@Value("${bench.outbox.url}") String url, @Value("${bench.outbox.user}") String user,
            @Value("${bench.outbox.password}") String password) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(8);
        return dataSource;
    }

    @Bean
    @ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "jdbc")
    PlatformTransactionManager jdbcTransactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
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
