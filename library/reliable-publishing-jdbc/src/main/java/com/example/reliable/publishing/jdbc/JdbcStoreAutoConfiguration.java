package com.example.reliable.publishing.jdbc;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;

/**
 * The database store for reliable publishing, for a service that has this module on its class path
 * (listed in {@code META-INF/spring/…AutoConfiguration.imports}): a {@link JdbcMessageStore} over the
 * service's {@code DataSource}, written in the business transaction, and {@link OutboxCheckBack} unless
 * the service brings its own {@link CheckBack}. It stands back when {@code reliable.publishing.store}
 * names another store, or when a store is made already (after the Redis store's auto-configuration:
 * with both store modules, Redis unless the setting says {@code jdbc}).
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, ReliablePublishingAutoConfiguration.class },
        afterName = "com.example.reliable.publishing.redis.RedisStoreAutoConfiguration")
@ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "jdbc", matchIfMissing = true)
@ConditionalOnMissingBean(MessageStore.class)
public class JdbcStoreAutoConfiguration {

    @Bean
    MessageStore jdbcMessageStore(DataSource dataSource, Clock clock) {
        return new JdbcMessageStore(dataSource, clock);
    }

    /** With the database store the row is the commit: a service using it needs no check-back of its own. */
    @Bean
    @ConditionalOnMissingBean(CheckBack.class)
    CheckBack outboxCheckBack() {
        return new OutboxCheckBack();
    }
}
