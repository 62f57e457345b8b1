package com.example.reliable.consuming;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The queues this service listens to, each of which has its dead-letter queue
 * ({@link ConsumerQueue#deadLetterQueue}): read from the listener containers each time they are
 * asked for, so that the dead-letter gauge and the operator API cover exactly the queues this
 * service consumes, and nothing else.
 */
final class ListenedQueues implements Supplier<List<String>> {

    private final ObjectProvider<RabbitListenerEndpointRegistry> listeners;

    ListenedQueues(ObjectProvider<RabbitListenerEndpointRegistry> listeners) {
        this.listeners = listeners;
    }

    /** The queues the service's listener containers consume, sorted; none without listeners. */
    @Override
    public List<String> get() {
        RabbitListenerEndpointRegistry registry = listeners.getIfAvailable();
        if (registry == null) {
            return List.of();
        }
        return registry.getListenerContainers().stream()
                .filter(AbstractMessageListenerContainer.class::isInstance)
                .flatMap(container -> List.of(((AbstractMessageListenerContainer) container).getQueueNames()).stream())
                .distinct().sorted().toList();
    }
}
