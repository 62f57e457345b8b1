package com.example.reliable.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Gives a Spring test class its own world on the shared {@link Servers}: its own database
 * (created empty, migrated by the service's Flyway, dropped when the context closes), its own
 * Redis key prefix and a namespace for its queue and exchange names, available to properties as
 * {@code ${test.namespace}}. Each annotated class gets its own application context, so no two
 * classes ever see each other's records.
 * <p>
 * With {@code rabbitThroughProxy = true} the service reaches RabbitMQ through a {@link TcpProxy},
 * available to the test as a bean, so a test can cut the service off from the broker (or make the
 * broker seem to hang) without touching the broker other tests use. {@code databaseThroughProxy}
 * does the same for MySQL (bean {@code databaseProxy}), {@code redisThroughProxy} for Redis (bean
 * {@code redisProxy}).
 * <p>
 * The context is closed after the class ({@code @DirtiesContext}): no other class can use it, and
 * kept in Spring's context cache it would hold its connection pool open to the end of the test JVM.
 * With every class's pool held, a module's suite outgrew MySQL's default 151 connections.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(IsolatedInfrastructureCustomizerFactory.class)
@DirtiesContext
public @interface IsolatedInfrastructure {

    /** Whether the service talks to RabbitMQ through a {@link TcpProxy} bean. */
    boolean rabbitThroughProxy() default false;

    /** Whether the service talks to MySQL through a {@link TcpProxy} bean named {@code databaseProxy}. */
    boolean databaseThroughProxy() default false;

    /** Whether the service talks to Redis through a {@link TcpProxy} bean named {@code redisProxy}. */
    boolean redisThroughProxy() default false;
}
