package com.example.reliable.logistics.shipments;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * logistics-service on a random port against real servers, with the test class's own exchanges and
 * queue, a delivery limit of 2 and short retry delays. Combine with {@code @IsolatedInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logistics.messaging.exchange=${test.namespace}.order.events",
        "logistics.messaging.queue=${test.namespace}.logistics.order-events",
        "logistics.messaging.delivery-limit=2",
        "logistics.messaging.events-exchange=${test.namespace}.logistics.events",
        "reliable.consuming.initial-delay=100ms",
        "reliable.consuming.max-delay=500ms",
        "spring.datasource.hikari.connection-timeout=1000" })
public @interface LogisticsServiceIntegrationTest {
}
