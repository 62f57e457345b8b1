package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.example.reliable.testsupport.Servers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The queue gauges of a service listening to a real queue: they show what waits in the queue and in
 * its dead-letter queue within a sampling interval, sampled on reliable consuming's own scheduler,
 * which runs before the sampling starts; the sampling stops with the context, and a stopped sampling
 * can be started again.
 */
class QueueDepthsTest {

    private final Servers servers = Servers.get();
    private final String queue = "it_dlqdepth_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + ".events";
    private final String dlq = ConsumerQueue.deadLetterQueue(queue);

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class,
                    ReliableConsumingAutoConfiguration.class))
            .withUserConfiguration(DeadLetteringErrorHandlerTest.ThingConsumer.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("test.queue=" + queue, "reliable.consuming.metrics-interval=100ms",
                    "spring.rabbitmq.host=" + servers.rabbitHost(), "spring.rabbitmq.port=" + servers.rabbitPort(),
                    "spring.rabbitmq.username=" + servers.rabbitUser(),
                    "spring.rabbitmq.password=" + servers.rabbitPassword());

    @AfterEach
    void deleteQueues() {
        CachingConnectionFactory connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        RabbitAdmin admin = new RabbitAdmin(connections);
        for (var declarable : DeadLetteringErrorHandlerTest.ThingConsumer.declarables(queue).getDeclarables()) {
            if (declarable instanceof Queue declared) {
                admin.deleteQueue(declared.getName());
            }
            else if (declarable instanceof Exchange exchange) {
                admin.deleteExchange(exchange.getName());
            }
        }
        connections.destroy();
    }

    @Test
    void theGaugeShowsWhatWaitsInTheDeadLetterQueueSampledOnTheModulesOwnScheduler() {
        service.run(context -> {
            ThreadPoolTaskScheduler scheduler = context.getBean(ReliableConsumingAutoConfiguration.SCHEDULER,
                    ThreadPoolTaskScheduler.class);
            QueueDepths depth = context.getBean(QueueDepths.class);
            assertThat(scheduler.isRunning()).isTrue();
            assertThat(scheduler.getThreadNamePrefix()).isEqualTo("reliable-consuming-");
            assertThat(depth.isRunning()).isTrue();

            // Unreadable: rejected at once into the dead-letter queue.
            context.getBean(RabbitTemplate.class).send("", queue, MessageBuilder
                    .withBody("not JSON".getBytes(StandardCharsets.UTF_8)).setMessageId("unreadable-1")
                    .setType("Thing").setContentType(MessageProperties.CONTENT_TYPE_JSON).build());

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> depth(meters) == 1.0);

            depth.stop();
            assertThat(depth.isRunning()).isFalse();
            depth.start();
            assertThat(depth.isRunning()).as("started again").isTrue();
        });
    }

    @Test
    void theQueueGaugeShowsTheMessagesWaitingForAListenerThatDoesNotTakeThem() {
        // The listener does not run: what arrives waits in the queue, as it does for a consumer that falls behind.
        service.withPropertyValues("spring.rabbitmq.listener.simple.auto-startup=false").run(context -> {
            RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
            for (int i = 0; i < 3; i++) {
                rabbit.send("", queue, MessageBuilder.withBody("{}".getBytes(StandardCharsets.UTF_8))
                        .setMessageId("waiting-" + i).setType("Thing")
                        .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
            }

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(meters, "consumer.queue.depth", queue) == 3.0);
            assertThat(gauge(meters, "consumer.dlq.depth", dlq)).isZero();
        });
    }

    @Test
    void theSamplingStopsWithTheContext() {
        service.run(context -> {
            QueueDepths depth = context.getBean(QueueDepths.class);

            context.close();

            assertThat(depth.isRunning()).isFalse();
        });
    }

    private double depth(MeterRegistry meters) {
        return gauge(meters, "consumer.dlq.depth", dlq);
    }

    private static double gauge(MeterRegistry meters, String name, String queue) {
        Gauge gauge = meters.find(name).tag("queue", queue).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
