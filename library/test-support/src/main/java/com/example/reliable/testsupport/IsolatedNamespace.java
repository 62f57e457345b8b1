package com.example.reliable.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * One test class's namespace: a fresh database, a Redis key prefix and a name prefix for queues
 * and exchanges, all named {@code it_<class>_<random>}, pointed at by the connection properties it
 * adds; removed again when the context closes. Equal only for the same test class, so that every
 * class gets its own context.
 */
class IsolatedNamespace implements ContextCustomizer {

    private final Class<?> testClass;
    private final boolean rabbitThroughProxy;
    private final boolean databaseThroughProxy;
    private final boolean redisThroughProxy;

    IsolatedNamespace(Class<?> testClass, boolean rabbitThroughProxy, boolean databaseThroughProxy,
            boolean redisThroughProxy) {
        this.testClass = testClass;
        this.rabbitThroughProxy = rabbitThroughProxy;
        this.databaseThroughProxy = databaseThroughProxy;
        this.redisThroughProxy = redisThroughProxy;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        Servers servers = Servers.get();
        String name = newName();
        execute(servers, "CREATE DATABASE `" + name + "`");
        TcpProxy rabbitProxy = rabbitThroughProxy ? TcpProxy.start(servers.rabbitHost(), servers.rabbitPort()) : null;
        if (rabbitProxy != null) {
            context.getBeanFactory().registerSingleton("rabbitProxy", rabbitProxy);
        }
        TcpProxy databaseProxy = databaseThroughProxy ? TcpProxy.start(servers.mysqlHost(), servers.mysqlPort()) : null;
        if (databaseProxy != null) {
            context.getBeanFactory().registerSingleton("databaseProxy", databaseProxy);
        }
        TcpProxy redisProxy = redisThroughProxy ? TcpProxy.start(servers.redisHost(), servers.redisPort()) : null;
        if (redisProxy != null) {
            context.getBeanFactory().registerSingleton("redisProxy", redisProxy);
        }
        String jdbcUrl = databaseProxy != null ? servers.jdbcUrl("127.0.0.1", databaseProxy.port(), name)
                : servers.jdbcUrl(name);

        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("isolatedInfrastructure",
                Map.ofEntries(
                        Map.entry("test.namespace", name),
                        Map.entry("spring.datasource.url", jdbcUrl),
                        Map.entry("spring.datasource.username", servers.mysqlUser()),
                        Map.entry("spring.datasource.password", servers.mysqlPassword()),
                        Map.entry("spring.rabbitmq.host", rabbitProxy != null ? "127.0.0.1" : servers.rabbitHost()),
                        Map.entry("spring.rabbitmq.port", rabbitProxy != null ? rabbitProxy.port() : servers.rabbitPort()),
                        Map.entry("spring.rabbitmq.username", servers.rabbitUser()),
                        Map.entry("spring.rabbitmq.password", servers.rabbitPassword()),
                        Map.entry("spring.data.redis.host", redisProxy != null ? "127.0.0.1" : servers.redisHost()),
                        Map.entry("spring.data.redis.port", redisProxy != null ? redisProxy.port() : servers.redisPort()),
                        Map.entry("reliable.publishing.redis-key-prefix", name + ":{reliable}:"))));

        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                for (TcpProxy proxy : new TcpProxy[] { rabbitProxy, databaseProxy, redisProxy }) {
                    if (proxy != null) {
                        proxy.releaseReplies();
                        proxy.restore();
                    }
                }
                try {
                    quietly(() -> removeRabbitDeclarations(context, name));
                    quietly(() -> removeRedisKeys(context, name));
                    execute(servers, "DROP DATABASE IF EXISTS `" + name + "`");
                }
                finally {
                    if (rabbitProxy != null) {
                        rabbitProxy.close();
                    }
                    if (databaseProxy != null) {
                        databaseProxy.close();
                    }
                    if (redisProxy != null) {
                        redisProxy.close();
                    }
                }
            }
        });
    }

    private String newName() {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return "it_" + simple.substring(0, Math.min(simple.length(), 40)) + "_" + random;
    }

    private static void removeRabbitDeclarations(ConfigurableApplicationContext context, String name) {
        var admin = context.getBeanProvider(AmqpAdmin.class).getIfAvailable();
        if (admin == null) {
            return;
        }
        // Listeners first: a listener whose queue disappears would declare it again.
        context.getBeanProvider(RabbitListenerEndpointRegistry.class).ifAvailable(RabbitListenerEndpointRegistry::stop);
        var queues = new java.util.ArrayList<>(context.getBeansOfType(Queue.class).values());
        var exchanges = new java.util.ArrayList<>(context.getBeansOfType(Exchange.class).values());
        context.getBeansOfType(Declarables.class).values().forEach(declarables -> {
            queues.addAll(declarables.getDeclarablesByType(Queue.class));
            exchanges.addAll(declarables.getDeclarablesByType(Exchange.class));
        });
        queues.stream().map(Queue::getName).filter(queue -> queue.startsWith(name)).forEach(admin::deleteQueue);
        exchanges.stream().map(Exchange::getName).filter(exchange -> exchange.startsWith(name))
                .forEach(admin::deleteExchange);
    }

    private static void removeRedisKeys(ConfigurableApplicationContext context, String name) {
        var redis = context.getBeanProvider(StringRedisTemplate.class).getIfAvailable();
        if (redis == null) {
            return;
        }
        try (var keys = redis.scan(ScanOptions.scanOptions().match(name + ":*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    /** Clean-up must not stop at the first server that is unhappy. */
    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        }
        catch (RuntimeException ex) {
            System.err.println("Test clean-up step failed: " + ex);
        }
    }

    private static void execute(Servers servers, String sql) {
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                servers.mysqlPassword())) {
            connection.createStatement().execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + servers, ex);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IsolatedNamespace that && that.testClass == testClass
                && that.rabbitThroughProxy == rabbitThroughProxy && that.databaseThroughProxy == databaseThroughProxy
                && that.redisThroughProxy == redisThroughProxy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(testClass);
    }
}
