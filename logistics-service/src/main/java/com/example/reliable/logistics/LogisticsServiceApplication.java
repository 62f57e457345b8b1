package com.example.reliable.logistics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * logistics-service: keeps one shipment per order and applies every order event to it exactly
 * once, however often RabbitMQ delivers it, by comparing the order version the event carries with
 * the one the shipment has (JPA optimistic locking guards the comparison).
 */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "logistics-service",
        description = "One shipment per order, each order event applied exactly once."))
@ConfigurationPropertiesScan
public class LogisticsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LogisticsServiceApplication.class, args);
    }
}
