package com.example.reliable.logistics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * logistics-service: will consume order events and apply each exactly once. For now a bare
 * application, so that the build, the ports and the layout are in place.
 */
@SpringBootApplication
public class LogisticsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LogisticsServiceApplication.class, args);
    }
}
