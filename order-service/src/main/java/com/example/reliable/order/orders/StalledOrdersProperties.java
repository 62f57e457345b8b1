package com.example.reliable.order.orders;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When an order waiting for inventory's answer counts as stalled ({@code order.stalled.*}).
 *
 * @param after how long an order may stay PLACED before it counts as stalled; inventory answers in
 *     well under a second when it runs, so this is the time an outage may take before a person should look
 * @param checkInterval how often {@link StalledOrders} counts them (one indexed query)
 */
@ConfigurationProperties("order.stalled")
record StalledOrdersProperties(
        @DefaultValue("5m") Duration after,
        @DefaultValue("30s") Duration checkInterval) {
}
