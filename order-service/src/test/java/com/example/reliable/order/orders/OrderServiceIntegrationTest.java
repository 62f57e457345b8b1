package com.example.reliable.order.orders;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * order-service running on a random port against real servers, with every timing shortened so that
 * a failure mode plays out in seconds: confirm timeout 1 s, resend after 2 s, transaction timeout
 * 4 s, backoff from 200 ms to 1 s, the job every 300 ms. The exchange is the test class's own.
 * Combine with {@code @IsolatedInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "order.messaging.exchange=${test.namespace}.order.events",
        "order.messaging.replies-exchange=${test.namespace}.inventory.events",
        "order.messaging.replies-queue=${test.namespace}.order.stock-replies",
        "order.timeline.queue=${test.namespace}.order.timeline",
        "order.timeline.shipment-events-exchange=${test.namespace}.logistics.events",
        "order.timeline.key-prefix=${test.namespace}:timeline:",
        "reliable.publishing.confirm-timeout=1s",
        "reliable.publishing.confirm-check-interval=200ms",
        "reliable.publishing.resend-after=2s",
        "reliable.publishing.transaction-timeout=4s",
        "reliable.publishing.backoff.initial-delay=200ms",
        "reliable.publishing.backoff.max-delay=1s",
        "reliable.publishing.job-interval=300ms" })
public @interface OrderServiceIntegrationTest {

    /**
     * For tests that need an {@code OrderCreated} no queue takes (unroutable → returned → FAILED):
     * the timeline binds itself to another exchange, so nothing is bound to the order events.
     */
    String TIMELINE_NOT_ON_ORDER_EVENTS = "order.timeline.order-events-exchange=${test.namespace}.timeline-elsewhere";
}
