package com.example.reliable.system.fault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.common.OrderEvents;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's witness on the wire: a durable quorum queue of the suite's own, bound to order-service's
 * exchange like a third consumer, that receives a copy of every order event the broker routed, every
 * resend included. Drained into memory now and then, it tells the ledger each order operation's
 * fingerprint (needed to find its {@code t_check} rows) and how many times each message was routed.
 * Being a quorum queue on the same node, it survives the broker's restarts like the consumers' queues.
 */
final class LedgerTap {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MOST_PER_DRAIN = 100_000;

    private final RabbitAdmin admin;
    private final RabbitTemplate rabbit;
    private final String exchange;
    private final String queue;
    private final Map<Long, Map<String, String>> fingerprints = new HashMap<>();
    private final Map<String, Integer> copies = new HashMap<>();
    private final Map<String, Long> orderOfMessage = new HashMap<>();

    LedgerTap(RabbitAdmin admin, RabbitTemplate rabbit, String exchange, String queue) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.exchange = exchange;
        this.queue = queue;
    }

    void declare() {
        admin.declareQueue(QueueBuilder.durable(queue).quorum().build());
        bind();
    }

    /** Binds the tap for both order events. */
    void bind() {
        bindings().forEach(admin::declareBinding);
    }

    /** Unbinds it, so that it does not make unroutable messages routable. */
    void unbind() {
        bindings().forEach(admin::removeBinding);
    }

    /** Reads every message waiting in the tap. Returns quietly when the broker cannot be reached. */
    synchronized void drain() {
        try {
            for (int i = 0; i < MOST_PER_DRAIN; i++) {
                Message message = rabbit.receive(queue);
                if (message == null) {
                    return;
                }
                record(message);
            }
        }
        catch (RuntimeException ex) {
            // broker down or paused: what was not read now is read next time
        }
    }

    /** The fingerprint of an order's {@code OrderCreated} or {@code OrderCancelled}, if the broker routed one. */
    synchronized Optional<String> fingerprint(long orderId, String type) {
        return Optional.ofNullable(fingerprints.getOrDefault(orderId, Map.of()).get(type));
    }

    /** How many times the broker routed messages of these orders, beyond the first time each. */
    synchronized long resendsRouted(Set<Long> orderIds) {
        return copies.entrySet().stream().filter(entry -> orderIds.contains(orderOfMessage.get(entry.getKey())))
                .mapToLong(entry -> entry.getValue() - 1).sum();
    }

    private void record(Message message) {
        String type = message.getMessageProperties().getType();
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody());
        }
        catch (RuntimeException unreadable) {
            return; // a poison message of the suite's own
        }
        if (body == null || !body.hasNonNull("orderId") || !body.hasNonNull("fingerprint")) {
            return;
        }
        long orderId = body.get("orderId").asLong();
        String messageId = message.getMessageProperties().getMessageId();
        fingerprints.computeIfAbsent(orderId, id -> new HashMap<>()).put(type, body.get("fingerprint").asString());
        copies.merge(messageId, 1, Integer::sum);
        orderOfMessage.put(messageId, orderId);
    }

    private List<Binding> bindings() {
        return List.of(OrderEvents.CREATED, OrderEvents.CANCELLED).stream()
                .map(key -> new Binding(queue, Binding.DestinationType.QUEUE, exchange, key, null)).toList();
    }
}
