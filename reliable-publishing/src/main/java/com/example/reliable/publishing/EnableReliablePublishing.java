package com.example.reliable.publishing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Switches reliable publishing on in a service: a {@link ReliablePublisher} to call, the
 * {@link CompensationJob}, the confirm and return callbacks on Boot's {@code RabbitTemplate},
 * and the operator endpoints. The service must provide a {@link CheckBack} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ReliablePublishingConfiguration.class)
public @interface EnableReliablePublishing {
}
