package com.example.reliable.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.consuming.ReliableConsumingAutoConfiguration;
import com.example.reliable.testsupport.SettlementRecorder;

/**
 * How a consumer's queue ({@link ConsumerQueue}) and listener container
 * ({@link ReliableConsumingAutoConfiguration}) get a bad message to the dead-letter queue, on a
 * RabbitMQ node of the test's own (needs root and RabbitMQ):
 * <ul>
 * <li><em>at least once</em>: a message rejected while its dead-letter queue cannot take it (here:
 * unbound from the dead-letter exchange, so nothing routes it) is kept by the queue and reaches the
 * DLQ once it can. With RabbitMQ's default, at most once, it would be dropped at that moment. The
 * node's dead-letter worker retries after 1 s instead of the default 3 minutes
 * ({@code dead_letter_worker_publisher_confirm_timeout});</li>
 * <li>a listener that keeps failing has its message <em>rejected</em> ({@code basic.reject}) on every
 * failure, never nacked: from RabbitMQ 4.3 on, only a reject raises {@code x-delivery-count}, so a
 * nacked message would never reach the delivery limit and loop for ever. The installed 3.10 counts
 * both; the test records what the client sends.</li>
 * </ul>
 */
class DeadLetteringTest {

    private static PrivateRabbitNode node;
    private static CachingConnectionFactory connections;

    @BeforeAll
    static void startNode() {
        Assumptions.assumeTrue(PrivateRabbitNode.available(), "needs root and rabbitmq-server");
        node = PrivateRabbitNode.start("dead-letters-" + ProcessHandle.current().pid(),
                Path.of("target", "system-logs", "at-least-once-rabbitmq.log"),
                "[{rabbit, [{dead_letter_worker_publisher_confirm_timeout, 1000}]}].");
        connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setUsername("guest");
        connections.setPassword("guest");
    }

    @AfterAll
    static void stopNode() {
        if (connections != null) {
            connections.destroy();
        }
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void aMessageRejectedWhileItsDeadLetterQueueCannotTakeItReachesItLater() {
        var admin = new RabbitAdmin(connections);
        var rabbit = new RabbitTemplate(connections);
        String queue = "work";
        Declarables declarables = declare(admin, ConsumerQueue.declarables(queue, "events", List.of("work.#"), 5));
        Binding toDeadLetterQueue = declarables.getDeclarablesByType(Binding.class).stream()
                .filter(binding -> binding.getDestination().equals(ConsumerQueue.deadLetterQueue(queue)))
                .findFirst().orElseThrow();

        admin.removeBinding(toDeadLetterQueue); // the DLQ can take nothing now
        rabbit.send(queue, MessageBuilder.withBody("poison".getBytes()).setMessageId("poison-1").build());
        rejectWithoutRequeue(rabbit, queue);

        await("the rejected message kept, not dead-lettered yet").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> admin.getQueueInfo(ConsumerQueue.deadLetterQueue(queue)).getMessageCount() == 0);

        admin.declareBinding(toDeadLetterQueue);

        Message deadLetter = await("the message in the dead-letter queue").atMost(Duration.ofSeconds(30))
                .until(() -> rabbit.receive(ConsumerQueue.deadLetterQueue(queue)), Objects::nonNull);
        assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo("poison-1");
        assertThat(deadLetter.getMessageProperties().getHeaders()).containsEntry("x-first-death-reason", "rejected");
        assertThat(admin.getQueueInfo(queue).getMessageCount()).as("nothing left in the work queue").isZero();
    }

    @Test
    void aListenerThatKeepsFailingRejectsItsMessageEachTimeUntilTheDeliveryLimitDeadLettersIt() {
        var admin = new RabbitAdmin(connections);
        var rabbit = new RabbitTemplate(connections);
        String queue = "failing";
        declare(admin, ConsumerQueue.declarables(queue, "failing-events", List.of("failing.#"), 3));
        var recorder = SettlementRecorder.connectingTo("127.0.0.1", node.port(), "guest", "guest");
        var recording = recorder.cachingConnectionFactory();

        try (var context = new SpringApplicationBuilder(FailingListenerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.rabbitmq.listener.simple.prefetch=10") // as the services run
                .initializers(applicationContext -> ((GenericApplicationContext) applicationContext)
                        .registerBean("rabbitConnectionFactory", ConnectionFactory.class, () -> recording))
                .run()) {
            rabbit.send(queue, MessageBuilder.withBody("fails".getBytes()).setMessageId("failing-1").build());

            Message deadLetter = await("the failing message in the dead-letter queue").atMost(Duration.ofSeconds(30))
                    .until(() -> rabbit.receive(ConsumerQueue.deadLetterQueue(queue)), Objects::nonNull);
            assertThat(deadLetter.getMessageProperties().getHeaders()).containsEntry("x-first-death-reason",
                    "delivery_limit");
        }
        // Delivered 4 times (the limit is 3), rejected with requeue each time; the 4th reject dead-letters it.
        assertThat(recorder.settlements()).containsExactly("basicReject requeue=true", "basicReject requeue=true",
                "basicReject requeue=true", "basicReject requeue=true");
    }

    /** A listener that fails on every message, in a container as the consumers' auto-configuration makes it. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({ RabbitAutoConfiguration.class, ReliableConsumingAutoConfiguration.class })
    static class FailingListenerApplication {

        @RabbitListener(queues = "failing")
        void fail(Message message) {
            throw new IllegalStateException("fails every time");
        }
    }

    /** Declares what a consumer would: exchanges, then queues, then bindings. */
    private static Declarables declare(RabbitAdmin admin, Declarables declarables) {
        declarables.getDeclarablesByType(Exchange.class).forEach(admin::declareExchange);
        declarables.getDeclarablesByType(Queue.class).forEach(admin::declareQueue);
        declarables.getDeclarablesByType(Binding.class).forEach(admin::declareBinding);
        return declarables;
    }

    /** Takes the message and rejects it without requeue, as the consumers do with one they cannot read. */
    private static void rejectWithoutRequeue(RabbitTemplate rabbit, String queue) {
        rabbit.execute(channel -> {
            var response = await().atMost(Duration.ofSeconds(10)).until(() -> channel.basicGet(queue, false),
                    Objects::nonNull);
            channel.basicReject(response.getEnvelope().getDeliveryTag(), false);
            return null;
        });
    }
}
