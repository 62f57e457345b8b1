package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.reliable.testsupport.DeadLetters;
import com.example.reliable.testsupport.LogCapture;
import com.example.reliable.testsupport.Servers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * What a listener failure does to its message, in a listener container made by Spring Boot and
 * customised by this module, on a quorum queue with its dead-letter queue, on the real broker; and
 * that the log line says where the message went. A dead letter moved back to its queue the way a
 * shovel does it (its {@code x-death} header with it) and failing again is dead-lettered again,
 * never dropped.
 */
class DeadLetteringErrorHandlerTest {

    @RegisterExtension
    final LogCapture log = new LogCapture(DeadLetteringErrorHandler.class);

    private final Servers servers = Servers.get();
    private final String queue = "it_deadlettering_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + ".events";
    private final String dlq = ConsumerQueue.deadLetterQueue(queue);

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class,
                    ReliableConsumingAutoConfiguration.class))
            .withUserConfiguration(ThingConsumer.class)
            .withPropertyValues("test.queue=" + queue,
                    "spring.rabbitmq.host=" + servers.rabbitHost(), "spring.rabbitmq.port=" + servers.rabbitPort(),
                    "spring.rabbitmq.username=" + servers.rabbitUser(),
                    "spring.rabbitmq.password=" + servers.rabbitPassword(),
                    // As the services run: ack after the listener returns, a failure requeues.
                    "spring.rabbitmq.listener.simple.acknowledge-mode=auto",
                    "spring.rabbitmq.listener.simple.default-requeue-rejected=true");

    @AfterEach
    void deleteQueues() {
        CachingConnectionFactory connections = connections();
        RabbitAdmin admin = new RabbitAdmin(connections);
        for (var declarable : ThingConsumer.declarables(queue).getDeclarables()) {
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
    void aDeadLetterMovedBackTheWayAShovelDoesItFailingAgainIsInTheDeadLetterQueueAgain() {
        service.run(context -> {
            RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
            rabbit.send("", queue, thing("unreadable-1", "this is not JSON"));
            ILoggingEvent first = log.awaitLineStartingWith("Message unreadable-1 rejected to the dead-letter queue");
            assertThat(first.getLevel()).isEqualTo(Level.ERROR);

            assertThat(DeadLetters.moveBackLikeAShovel(rabbit, dlq, queue)).isEqualTo("unreadable-1");

            Message again = DeadLetters.take(rabbit, dlq, 1).get(0);
            assertThat(again.getMessageProperties().getMessageId()).isEqualTo("unreadable-1");
            assertThat(DeadLetters.reason(again)).isEqualTo("rejected");
            assertThat(DeadLetters.count(again)).as("dead-lettered twice from its queue").isEqualTo(2);
            assertThat(log.linesStartingWith("Message unreadable-1 rejected to the dead-letter queue"))
                    .as("each time, at ERROR").hasSize(2).allSatisfy(line -> {
                        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                        assertThat(line.getFormattedMessage()).contains("unreadable Thing");
                    });
        });
    }

    @Test
    void aMessageItsListenerRefusesIsLoggedAsDeadLetteredNotAsGoingBack() {
        service.run(context -> {
            RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
            rabbit.send("", queue, thing("conflict-1", "{\"messageId\":\"conflict-1\",\"what\":\"conflict\"}"));

            Message dead = DeadLetters.take(rabbit, dlq, 1).get(0);
            assertThat(DeadLetters.reason(dead)).isEqualTo("rejected");
            ILoggingEvent line = log.awaitLineStartingWith("Message conflict-1 ");
            assertThat(line.getLevel()).isEqualTo(Level.ERROR);
            assertThat(line.getFormattedMessage())
                    .isEqualTo("Message conflict-1 rejected to the dead-letter queue: Thing conflict-1 conflicts "
                            + "with one applied before");
            assertThat(log.linesStartingWith("Message conflict-1 ")).as("one line for one failure").hasSize(1);
        });
    }

    @Test
    void aMessageThatFailsGoesBackToItsQueueAndTheLogShowsItsDeliveryCount() {
        service.run(context -> {
            RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
            rabbit.send("", queue, thing("broken-1", "{\"messageId\":\"broken-1\",\"what\":\"broken\"}"));

            // The queue's delivery limit (2) dead-letters it after its third failed delivery.
            Message dead = DeadLetters.take(rabbit, dlq, 1).get(0);
            assertThat(DeadLetters.reason(dead)).isEqualTo("delivery_limit");
            assertThat(log.linesStartingWith("Message broken-1 ")).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Message broken-1 failed and goes back to its queue: broken every time",
                            "Message broken-1 failed and goes back to its queue (x-delivery-count 1): broken every time",
                            "Message broken-1 failed and goes back to its queue (x-delivery-count 2): broken every time");
            assertThat(log.linesStartingWith("Message broken-1 ")).extracting(ILoggingEvent::getLevel)
                    .containsOnly(Level.WARN);
        });
    }

    @Test
    void withoutRequeueAFailedMessageIsLoggedAsDeadLettered() {
        service.withPropertyValues("spring.rabbitmq.listener.simple.default-requeue-rejected=false").run(context -> {
            RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
            rabbit.send("", queue, thing("broken-2", "{\"messageId\":\"broken-2\",\"what\":\"broken\"}"));

            Message dead = DeadLetters.take(rabbit, dlq, 1).get(0);
            assertThat(DeadLetters.reason(dead)).as("at once, not after the delivery limit").isEqualTo("rejected");
            assertThat(log.linesStartingWith("Message broken-2 ")).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage())
                        .isEqualTo("Message broken-2 rejected to the dead-letter queue: broken every time");
            });
        });
    }

    private static Message thing(String messageId, String body) {
        return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId(messageId).setType("Thing")
                .setContentType(MessageProperties.CONTENT_TYPE_JSON).build();
    }

    private CachingConnectionFactory connections() {
        CachingConnectionFactory connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        return connections;
    }

    /** What a consumer reads. */
    record Thing(String messageId, String what) {
    }

    /** A consumer as the services build one: its queue with the dead-letter path, the strict converter, a thin listener. */
    @Configuration(proxyBeanMethods = false)
    static class ThingConsumer {

        static Declarables declarables(String queue) {
            return ConsumerQueue.declarables(queue, queue + ".exchange", List.of("#"), 2);
        }

        @Bean
        Declarables thingQueue(@Value("${test.queue}") String queue) {
            return declarables(queue);
        }

        @Bean
        MessageConverter thingConverter() {
            return new TypedJsonMessageConverter(Map.of("Thing", Thing.class));
        }

        @Bean
        ThingListener thingListener() {
            return new ThingListener();
        }
    }

    /** Refuses a conflicting thing outright; fails on every delivery of a broken one. */
    static class ThingListener {

        @RabbitListener(queues = "${test.queue}")
        void on(Thing thing) {
            switch (thing.what()) {
                case "conflict" -> throw new OperationConflict("Thing " + thing.messageId()
                        + " conflicts with one applied before");
                case "broken" -> throw new IllegalStateException("broken every time");
                default -> {
                }
            }
        }
    }
}
