package com.example.reliable.logistics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import com.example.reliable.consuming.ReliableConsumingConfiguration;

/**
 * logistics-service: keeps one shipment per order and applies every order event to it exactly
 * once, however often RabbitMQ delivers it, by comparing the order version the event carries with
 * the one the shipment has (JPA optimistic locking guards the comparison).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ReliableConsumingConfiguration.class)
public class LogisticsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LogisticsServiceApplication.class, args);
    }
}
