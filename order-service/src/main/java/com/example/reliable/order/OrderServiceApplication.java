package com.example.reliable.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * order-service: takes orders over REST, keeps them in MySQL, and tells the other services about
 * them through RabbitMQ with reliable publishing (the {@code reliable-publishing} module configures
 * itself; this service supplies its {@code OrderCheckBack}).
 */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "order-service",
        description = "Takes orders and tells the other services about them through RabbitMQ, losing nothing."))
@ConfigurationPropertiesScan
public class OrderServiceApplication {

    /** The bean name of order-service's task scheduler. */
    public static final String SCHEDULER = "orderServiceScheduler";

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }

    /**
     * The one scheduler of order-service's own periodic work: a daemon thread for its one task, the
     * count of {@code StalledOrders} (reliable publishing and reliable consuming bring their own).
     * A lifecycle bean itself (phase {@code Integer.MAX_VALUE / 2}), it runs before the tasks that
     * schedule on it start and until after they have stopped.
     */
    @Bean(SCHEDULER)
    ThreadPoolTaskScheduler orderServiceScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("order-service-");
        scheduler.setDaemon(true);
        return scheduler;
    }
}
