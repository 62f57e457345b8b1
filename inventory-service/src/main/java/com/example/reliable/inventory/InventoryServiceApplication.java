package com.example.reliable.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

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
@EnableScheduling
public class InventoryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryServiceApplication.class, args);
    }
}
