package com.example.reliable.order.orders;

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
 * A queue a test binds to the order-events exchange to see what order-service really published,
 * standing in for the consumers that come later.
 */
class OrderEventsQueue {

    private final AmqpAdmin admin;
    private final RabbitTemplate rabbit;
    private final Queue queue;

    private OrderEventsQueue(AmqpAdmin admin, RabbitTemplate rabbit, Queue queue) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.queue = queue;
    }

    /** Declares and binds a queue for every order event. */
    static OrderEventsQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, TopicExchange exchange) {
        return bind(admin, rabbit, exchange, Map.of());
    }

    /** Declares and binds a queue with these {@code x-} arguments, e.g. a length limit. */
    static OrderEventsQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, TopicExchange exchange,
            Map<String, Object> arguments) {
        Queue queue = new Queue(exchange.getName() + ".test-queue", false, false, false, new HashMap<>(arguments));
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("order.#"));
        return new OrderEventsQueue(admin, rabbit, queue);
    }

    /** The next message, waiting at most a second; {@code null} if none came. */
    Message next() {
        return rabbit.receive(queue.getName(), 1000);
    }

    /** The next message if one is there now, without waiting. */
    Message poll() {
        return rabbit.receive(queue.getName());
    }

    /** Every message in the queue now. */
    List<Message> drain() {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(queue.getName())) != null) {
            messages.add(message);
        }
        return messages;
    }

    void delete() {
        admin.deleteQueue(queue.getName());
    }
}
