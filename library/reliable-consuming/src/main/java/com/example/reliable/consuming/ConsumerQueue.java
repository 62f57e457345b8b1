package com.example.reliable.consuming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * A consumer's queue and its dead-letter path, declared by the consumer:
 * <ul>
 * <li>{@code <name>}: a durable quorum queue bound to the producer's topic exchange (or several producers') for the given
 * routing keys, with {@code x-delivery-limit}: a message redelivered that often (it keeps failing,
 * or keeps killing its consumer) is dead-lettered instead of looping forever;</li>
 * <li>{@code <name>.dlx}: a direct exchange that takes what the queue dead-letters: messages over
 * the delivery limit, and messages rejected at once because they cannot be read;</li>
 * <li>{@code <name>.dlq}: a durable quorum queue where those wait for an operator, with a delivery
 * limit no reading can reach (see {@link DeadLetterQueues}).</li>
 * </ul>
 * Dead-lettering is <em>at least once</em> ({@code x-dead-letter-strategy: at-least-once}, which needs
 * {@code x-overflow: reject-publish}): the queue keeps a dead-lettered message until the dead-letter
 * queue has confirmed it, so a DLQ that is unavailable or unbound delays it instead of dropping it.
 * Queue arguments cannot change in place: a queue declared before with other arguments must be
 * deleted (or moved over with a shovel) before the new declaration succeeds (README: The queues).
 * Works on RabbitMQ 3.10 and 4.x alike (4.x would default the limit to 20; it is set explicitly).
 */
public final class ConsumerQueue {

    /** The dead-letter queue's delivery limit: a dead letter can be read 2^31 - 1 times. */
    static final int DEAD_LETTER_QUEUE_DELIVERY_LIMIT = Integer.MAX_VALUE;

    private ConsumerQueue() {
    }

    /** The dead-letter queue of {@code queue}. */
    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    public static Declarables declarables(String queue, String exchange, List<String> routingKeys, int deliveryLimit) {
        return declarables(queue, Map.of(exchange, routingKeys), deliveryLimit);
    }

    /** The same queue bound to several producers' exchanges: for each exchange, its routing keys. */
    public static Declarables declarables(String queue, Map<String, List<String>> routingKeysByExchange,
            int deliveryLimit) {
        DirectExchange deadLetters = ExchangeBuilder.directExchange(queue + ".dlx").durable(true).build();
        Queue main = QueueBuilder.durable(queue).quorum()
                .deliveryLimit(deliveryLimit)
                .deadLetterExchange(deadLetters.getName())
                .deadLetterRoutingKey(deadLetterQueue(queue))
                .overflow(QueueBuilder.Overflow.rejectPublish)
                .withArgument("x-dead-letter-strategy", "at-least-once")
                .build();
        // Reading a dead letter (the operator API) fetches it and gives it back, which counts as a
        // delivery. The DLQ has no dead-letter exchange of its own, so a message over its delivery limit
        // would be dropped: 4.x defaults the limit to 20, and 3.10 reads -1 ("none" on 4.x) as "drop on
        // the first return". The largest limit is none in practice, on every version.
        Queue dlq = QueueBuilder.durable(deadLetterQueue(queue)).quorum()
                .withArgument("x-delivery-limit", DEAD_LETTER_QUEUE_DELIVERY_LIMIT).build();

        List<Declarable> all = new ArrayList<>(List.of(deadLetters, main, dlq,
                BindingBuilder.bind(dlq).to(deadLetters).with(deadLetterQueue(queue))));
        routingKeysByExchange.forEach((exchange, routingKeys) -> {
            TopicExchange source = ExchangeBuilder.topicExchange(exchange).durable(true).build();
            all.add(source);
            for (String routingKey : routingKeys) {
                all.add(BindingBuilder.bind(main).to(source).with(routingKey));
            }
        });
        return new Declarables(all);
    }
}
