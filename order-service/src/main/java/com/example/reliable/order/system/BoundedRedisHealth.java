package com.example.reliable.order.system;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Redis in {@code /actuator/health}, answered within {@value #WAIT_MILLIS} ms: Boot's own Redis check,
 * given that long, and DOWN if it has no answer by then. Without the bound, a Redis that does not
 * answer held every health probe for the whole command timeout. Named {@code redisHealthIndicator},
 * so Boot's unbounded one steps aside.
 */
@Component("redisHealthIndicator")
class BoundedRedisHealth implements HealthIndicator, DisposableBean {

    static final long WAIT_MILLIS = 500;

    private final HealthIndicator redis;
    private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "redis-health");
        thread.setDaemon(true);
        return thread;
    });

    BoundedRedisHealth(RedisConnectionFactory connections) {
        this.redis = new DataRedisHealthIndicator(connections);
    }

    @Override
    public Health health() {
        Future<Health> check = checks.submit(() -> redis.health());
        try {
            return check.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            check.cancel(true);
            return Health.down().withDetail("error", "no answer within " + Duration.ofMillis(WAIT_MILLIS)).build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
        catch (Exception ex) {
            return Health.down(ex).build();
        }
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
