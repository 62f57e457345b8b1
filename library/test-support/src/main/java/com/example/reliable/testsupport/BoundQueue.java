package com.example.reliable.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * A queue a test binds to a publisher's exchange to see what really reached the broker, standing in
 * for a consumer. Named after the exchange ({@code <exchange>.test-queue}), so it lives in the test
 * class's namespace; {@link #delete()} removes it.
 */
public final class BoundQueue {

    private final AmqpAdmin admin;
    private final RabbitTemplate rabbit;
    private final Queue queue;

    private BoundQueue(AmqpAdmin admin, RabbitTemplate rabbit, Queue queue) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.queue = queue;
    }

    /** Declares a queue and binds it to every message of the exchange. */
    public static BoundQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, TopicExchange exchange) {
        return bind(admin, rabbit, exchange, Map.of());
    }

    /** Declares a queue with these {@code x-} arguments, e.g. a length limit, and binds it to every message. */
    public static BoundQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, TopicExchange exchange,
            Map<String, Object> arguments) {
        Queue queue = new Queue(exchange.getName() + ".test-queue", false, false, false, new HashMap<>(arguments));
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("#"));
        return new BoundQueue(admin, rabbit, queue);
    }

    /** The next message, waiting at most a second; {@code null} if none came. */
    public Message next() {
        return rabbit.receive(queue.getName(), 1000);
    }

    /** The next message if one is there now, without waiting. */
    public Message poll() {
        return rabbit.receive(queue.getName());
    }

    /** Every message in the queue now. */
    public List<Message> drain() {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(queue.getName())) != null) {
            messages.add(message);
        }
        return messages;
    }

    /** The message ids of every message in the queue now, in order. */
    public List<String> drainIds() {
        return drain().stream().map(message -> message.getMessageProperties().getMessageId()).toList();
    }

    /** Messages in the queue now, as the broker counts them. */
    public long depth() {
        var info = admin.getQueueInfo(queue.getName());
        return info == null ? 0 : info.getMessageCount();
    }

    public void delete() {
        admin.deleteQueue(queue.getName());
    }
}
