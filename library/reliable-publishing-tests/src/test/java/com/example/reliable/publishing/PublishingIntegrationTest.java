package com.example.reliable.publishing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@link PublishingTestApplication} against the real broker and Redis, with confirms, returns
 * and mandatory on, as a service must configure them, and timings shortened so that a failure
 * plays out in seconds: confirm timeout 1 s, resend after 3 s, the job every 300 ms. Combine with
 * {@code @IsolatedInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PublishingTestApplication.class, properties = {
        "spring.rabbitmq.publisher-confirm-type=correlated",
        "spring.rabbitmq.publisher-returns=true",
        "spring.rabbitmq.template.mandatory=true",
        "spring.rabbitmq.connection-timeout=2s",
        "reliable.publishing.confirm-timeout=1s",
        "reliable.publishing.confirm-check-interval=200ms",
        "reliable.publishing.resend-after=3s",
        "reliable.publishing.backoff.initial-delay=200ms",
        "reliable.publishing.backoff.max-delay=1s",
        "reliable.publishing.job-interval=300ms" })
@interface PublishingIntegrationTest {
}
