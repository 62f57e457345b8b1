package com.example.reliable.system.fault;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;


/**
 * Makes every event of one exchange arrive twice: a queue of the suite's own, bound to the exchange
 * (order-service's order events, inventory's stock replies or logistics' shipment events), receives
 * each message the broker routes, and the suite publishes a copy of it (same body, same properties:
 * message id, type, headers) straight into each consumer's queue through the default exchange. The copy never passes the topic exchange again, so nothing loops. What a
 * consumer then sees is exactly a producer's resend.
 */
final class DuplicatingTap implements AutoCloseable {

    private final RabbitAdmin admin;
    private final RabbitTemplate rabbit;
    private final String exchange;
    private final String queue;
    private final List<String> consumerQueues;
    private final SimpleMessageListenerContainer container;
    private final AtomicLong copies = new AtomicLong();

    DuplicatingTap(ConnectionFactory connections, RabbitAdmin admin, String exchange, String queue,
            List<String> consumerQueues) {
        this.admin = admin;
        this.rabbit = new RabbitTemplate(connections);
        this.exchange = exchange;
        this.queue = queue;
        this.consumerQueues = consumerQueues;
        this.container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue);
        container.setMessageListener(this::copy);
    }

    void start() {
        admin.declareQueue(QueueBuilder.durable(queue).quorum().build());
        admin.declareBinding(new Binding(queue, Binding.DestinationType.QUEUE, exchange, "#", null));
        container.start();
    }

    /** Copies published so far (one per consumer queue per message). */
    long copies() {
        return copies.get();
    }

    @Override
    public void close() {
        container.stop();
        admin.deleteQueue(queue);
    }

    private void copy(Message message) {
        var properties = message.getMessageProperties();
        properties.setDeliveryMode(properties.getReceivedDeliveryMode() == null ? MessageDeliveryMode.PERSISTENT
                : properties.getReceivedDeliveryMode());
        for (String consumerQueue : consumerQueues) {
            rabbit.send("", consumerQueue, message);
            copies.incrementAndGet();
        }
    }
}
