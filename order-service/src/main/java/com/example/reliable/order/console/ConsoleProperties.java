package com.example.reliable.order.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console's backend reads the other services' public APIs ({@code console.*}).
 *
 * @param logisticsUrl base URL of logistics-service as order-service reaches it
 * @param inventoryUrl base URL of inventory-service as order-service reaches it
 * @param timeout how long one read may take before the console shows the service as unreachable
 */
@ConfigurationProperties("console")
record ConsoleProperties(
        @DefaultValue("http://127.0.0.1:8082") String logisticsUrl,
        @DefaultValue("http://127.0.0.1:8083") String inventoryUrl,
        @DefaultValue("2s") Duration timeout) {
}
