package com.example.reliable.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

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

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}
