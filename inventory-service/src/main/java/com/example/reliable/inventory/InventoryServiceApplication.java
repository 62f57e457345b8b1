package com.example.reliable.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * inventory-service: reserves stock for every order it hears of and gives it back when the order
 * is cancelled, applying each order operation exactly once however often RabbitMQ delivers it. The
 * guard is the {@code t_check} table: one row per product and operation fingerprint, inserted in
 * the same transaction as the stock change (see {@code IdempotencyCheck}).
 */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "inventory-service",
        description = "Stock reserved and released by order events, each applied exactly once."))
@ConfigurationPropertiesScan
public class InventoryServiceApplication {

    /** The bean name of inventory-service's task scheduler. */
    public static final String SCHEDULER = "inventoryServiceScheduler";

    public static void main(String[] args) {
        SpringApplication.run(InventoryServiceApplication.class, args);
    }

    /**
     * The one scheduler of inventory-service's own periodic work: a daemon thread for its one task,
     * the {@code IdempotencyPurgeJob} (reliable publishing and reliable consuming bring their own).
     * A lifecycle bean itself (phase {@code Integer.MAX_VALUE / 2}), it runs before the tasks that
     * schedule on it start and until after they have stopped.
     */
    @Bean(SCHEDULER)
    ThreadPoolTaskScheduler inventoryServiceScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("inventory-service-");
        scheduler.setDaemon(true);
        return scheduler;
    }
}
