package com.example.reliable.publishing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** A queue bound to the test exchange, standing in for a consumer: what really reached the broker. */
class EventsQueue {

    private final AmqpAdmin admin;
    private final RabbitTemplate rabbit;
    private final String name;

    private EventsQueue(AmqpAdmin admin, RabbitTemplate rabbit, String name) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.name = name;
    }

    static EventsQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, TopicExchange exchange) {
        Queue queue = new Queue(exchange.getName() + ".queue", false, false, false);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("#"));
        return new EventsQueue(admin, rabbit, queue.getName());
    }

    /** Messages in the queue now, as the broker counts them. */
    long depth() {
        var info = admin.getQueueInfo(name);
        return info == null ? 0 : info.getMessageCount();
    }

    /** The message ids of everything in the queue now, in order. */
    List<String> drainIds() {
        List<String> ids = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(name)) != null) {
            ids.add(message.getMessageProperties().getMessageId());
        }
        return ids;
    }

    void delete() {
        admin.deleteQueue(name);
    }
}
