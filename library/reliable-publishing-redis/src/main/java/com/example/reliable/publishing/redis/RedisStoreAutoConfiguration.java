package com.example.reliable.publishing.redis;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;

/**
 * The Redis store for reliable publishing, for a service that has this module on its class path
 * (listed in {@code META-INF/spring/…AutoConfiguration.imports}): a {@link RedisMessageStore} over
 * Boot's {@code StringRedisTemplate}, unless {@code reliable.publishing.store} names another store (a
 * service with both store modules: the Redis store unless it says {@code jdbc}) or the service makes
 * its own {@link MessageStore}. A durability mode this Redis cannot keep fails the start-up, not the
 * first message.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, ReliablePublishingAutoConfiguration.class })
@ConditionalOnProperty(name = "reliable.publishing.store", havingValue = "redis", matchIfMissing = true)
@EnableConfigurationProperties(RedisStoreProperties.class)
public class RedisStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(MessageStore.class)
    MessageStore redisMessageStore(StringRedisTemplate redis, Clock clock, RedisStoreProperties properties) {
        var durability = new DurabilityWait(properties.redisDurability());
        durability.verify(redis);
        return new RedisMessageStore(redis, clock, properties.redisKeyPrefix(), durability);
    }
}
