package com.example.reliable.order.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what order-service takes from a client ({@code order.web.*}).
 *
 * @param maxRequestBody the largest request body read; a larger one is answered
 *     {@code 413 Content Too Large} with problem details, before or while it is read
 */
@ConfigurationProperties("order.web")
record WebLimitsProperties(
        @DefaultValue("64KB") DataSize maxRequestBody) {
}
