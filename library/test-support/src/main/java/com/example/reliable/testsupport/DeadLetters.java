package com.example.reliable.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.rabbitmq.client.GetResponse;

/**
 * Reads a dead-letter queue in a test, and why each message ended there ({@code x-death}); moves a
 * dead letter back to its queue the way a shovel does.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** Takes exactly {@code expected} messages off {@code dlq}, waiting for them, and checks nothing else is there. */
    public static List<Message> take(RabbitTemplate rabbit, String dlq, int expected) {
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Message message = rabbit.receive(dlq);
            if (message != null) {
                received.add(message);
            }
            return received.size() >= expected;
        });
        assertThat(rabbit.receive(dlq)).as("nothing else was dead-lettered").isNull();
        return received;
    }

    /** Why RabbitMQ dead-lettered it: {@code rejected}, {@code delivery_limit}, … */
    public static String reason(Message message) {
        List<Map<String, ?>> deaths = message.getMessageProperties().getXDeathHeader();
        assertThat(deaths).as("x-death header").isNotEmpty();
        return String.valueOf(deaths.get(0).get("reason"));
    }

    /** How many times it was dead-lettered for that reason. */
    public static long count(Message message) {
        return ((Number) message.getMessageProperties().getXDeathHeader().get(0).get("count")).longValue();
    }

    /**
     * Moves the first message of {@code dlq} back to {@code queue} as RabbitMQ's shovel does it (and
     * the management UI's "Move messages", which is a shovel): fetched, published to the queue through
     * the default exchange with all its properties and headers, {@code x-death} included, then
     * acknowledged in the dead-letter queue. Waits for a message to be there; returns its message id.
     */
    public static String moveBackLikeAShovel(RabbitTemplate rabbit, String dlq, String queue) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> rabbit.execute(channel -> {
            GetResponse dead = channel.basicGet(dlq, false);
            if (dead == null) {
                return null;
            }
            channel.basicPublish("", queue, dead.getProps(), dead.getBody());
            channel.basicAck(dead.getEnvelope().getDeliveryTag(), false);
            return dead.getProps().getMessageId();
        }), id -> id != null);
    }
}
