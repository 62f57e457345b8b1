package com.example.reliable.publishing;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.ResourcelessTransactionManager;

/**
 * A service that uses nothing but reliable publishing, for the module's own integration tests:
 * the auto-configuration on its own, a {@link CheckBack} that counts its calls, a transaction
 * manager without a database (the Redis store only needs the transaction's commit) or, with
 * {@code reliable.publishing.store=jdbc}, a test's private database and its transaction manager,
 * its own exchange, and {@link StoreCalls} watching the store.
 */
@SpringBootApplication
class PublishingTestApplication {

    @Bean
    CountingCheckBack checkBack() {
        return new CountingCheckBack();
    }

    /** Without a database: the Redis store only needs the transaction's commit. */
    @Bean
    @ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "redis", matchIfMissing = true)
    PlatformTransactionManager transactionManager() {
        return new ResourcelessTransactionManager();
    }

    /** The JDBC store's database: a private one a test made ({@code test.outbox.url}). */
    @Bean
    @ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "jdbc")
    DataSource outboxDataSource(@Value("${test.outbox.url}") String url, @Value("${test.outbox.user}") String user,
            @Value("${test.outbox.password}") String password) {
        return new DriverManagerDataSource(url, user, password);
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
    TopicExchange exchange(@Value("${test.namespace}") String namespace) {
        return ExchangeBuilder.topicExchange(namespace + ".events").durable(false).build();
    }

    @Bean
    static StoreCalls storeCalls() {
        return new StoreCalls();
    }

    /** Says every change is committed, and remembers how many sources each call asked about. */
    static class CountingCheckBack implements CheckBack {

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @Override
        public Set<Source> committed(Collection<Source> sources) {
            batchSizes.add(sources.size());
            return new HashSet<>(sources);
        }
    }
}
