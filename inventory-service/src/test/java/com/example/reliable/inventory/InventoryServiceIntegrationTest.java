package com.example.reliable.inventory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * inventory-service on a random port against real servers, with the test class's own exchanges and
 * queue, a delivery limit of 2, the replies' resends within seconds, retries from 100 ms to 500 ms, and a connection timeout of 1 s so
 * that a database that is away fails fast. Combine with {@code @IsolatedInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inventory.messaging.exchange=${test.namespace}.order.events",
        "inventory.messaging.queue=${test.namespace}.inventory.order-events",
        "inventory.messaging.delivery-limit=2",
        "inventory.messaging.replies-exchange=${test.namespace}.inventory.events",
        "reliable.publishing.confirm-timeout=1s",
        "reliable.publishing.confirm-check-interval=200ms",
        "reliable.publishing.resend-after=2s",
        "reliable.publishing.backoff.initial-delay=200ms",
        "reliable.publishing.backoff.max-delay=1s",
        "reliable.publishing.job-interval=300ms",
        "reliable.consuming.initial-delay=100ms",
        "reliable.consuming.max-delay=500ms",
        "spring.datasource.hikari.connection-timeout=1000" })
public @interface InventoryServiceIntegrationTest {
}
