package com.example.reliable.consuming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

import com.example.reliable.context.MessageLogContext;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

/**
 * Reads, replays and discards the messages in this service's dead-letter queues, on the broker
 * itself: nothing is copied out of RabbitMQ, so a dead letter stays exactly as durable as the queue
 * it waits in.
 * <ul>
 * <li><b>Read</b>: up to {@code limit} messages are fetched unacknowledged ({@code basic.get}) and
 * given back ({@code basic.nack} with requeue). The dead-letter queues have no delivery limit
 * ({@link ConsumerQueue}), so reading them any number of times can never drop anything. Each is
 * described as a {@link DeadLetter} of the dead-letter queue's own source queue.</li>
 * <li><b>Replay</b>: the message goes back to the queue it died in (the dead-letter queue's own
 * source queue, never a queue a header names), published persistent with the mandatory flag and
 * confirmed by the broker; only then is it removed from the dead-letter queue. A crash in between
 * leaves it in both places: the consumer is idempotent, so it is applied once. Its headers stay
 * (the {@code traceparent} too, so it continues its trace), except the broker's death and delivery
 * headers; {@value #REPLAYS_HEADER} counts the replays.</li>
 * <li><b>Discard</b>: acknowledged and gone.</li>
 * </ul>
 * A message is looked for among the first {@code scanLimit} of each dead-letter queue. One action
 * at a time per instance: messages another action holds are invisible to this one meanwhile.
 */
class DeadLetterQueues {

    /** How often an operator replayed the message before. */
    static final String REPLAYS_HEADER = "dead-letter-replays";

    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final RabbitTemplate rabbit;
    private final Supplier<List<String>> listenedQueues;
    private final int scanLimit;
    private final int previewLength;
    private final Duration confirmTimeout;

    /**
     * @param connections the service's connection factory, with correlated confirms and returns
     * @param listenedQueues the queues this service consumes; their dead-letter queues are the ones handled
     */
    DeadLetterQueues(ConnectionFactory connections, Supplier<List<String>> listenedQueues, int scanLimit,
            int previewLength, Duration confirmTimeout) {
        if (!connections.isPublisherConfirms() || !connections.isPublisherReturns()) {
            throw new IllegalStateException("The dead-letter API (reliable.consuming.operator-api) replays a "
                    + "message only once the broker confirmed it: set spring.rabbitmq.publisher-confirm-type="
                    + "correlated and spring.rabbitmq.publisher-returns=true, or "
                    + "reliable.consuming.operator-api.enabled=false");
        }
        // A template of its own: mandatory, and no observation, so that a replay keeps the message's
        // trace headers; a returned replay is reported on its CorrelationData.
        this.rabbit = new RabbitTemplate(connections);
        rabbit.setMandatory(true);
        rabbit.setReturnsCallback(returned -> { });
        this.listenedQueues = listenedQueues;
        this.scanLimit = scanLimit;
        this.previewLength = previewLength;
        this.confirmTimeout = confirmTimeout;
    }

    /** This service's dead-letter queues. */
    List<String> names() {
        return listenedQueues.get().stream().map(ConsumerQueue::deadLetterQueue).toList();
    }

    /** How many messages wait in {@code deadLetterQueue}. */
    long depth(String deadLetterQueue) {
        return rabbit.execute(channel -> channel.messageCount(deadLetterQueue));
    }

    /** The first {@code limit} messages of {@code deadLetterQueue}, which all stay there. */
    synchronized List<DeadLetter> read(String deadLetterQueue, int limit) {
        List<DeadLetter> read = new ArrayList<>();
        scan(deadLetterQueue, limit, message -> {
            read.add(describe(deadLetterQueue, message));
            return false;
        }, () -> false);
        return read;
    }

    /** Replays every copy of {@code messageId} found; at-least-once dead-lettering can leave two. */
    synchronized Outcome replay(String messageId) {
        return actOn(names(), withId(messageId), Integer.MAX_VALUE, this::republish);
    }

    /** Replays the first {@code limit} messages of {@code deadLetterQueue} (of every one, if {@code null}). */
    synchronized Outcome replayFirst(String deadLetterQueue, int limit) {
        return actOn(deadLetterQueue == null ? names() : List.of(deadLetterQueue), message -> true, limit,
                this::republish);
    }

    /** Removes every copy of {@code messageId} found, without delivering it. */
    synchronized Outcome discard(String messageId) {
        return actOn(names(), withId(messageId), Integer.MAX_VALUE, (queue, message) -> { });
    }

    /**
     * Acts on up to {@code limit} of the messages {@code which} picks, queue after queue. A replay the
     * broker does not take stops it there: that message and the rest stay in place, and the outcome
     * says why next to what was done before.
     */
    private Outcome actOn(List<String> deadLetterQueues, Predicate<Message> which, int limit,
            BiConsumer<String, Message> action) {
        List<DeadLetter> done = new ArrayList<>();
        for (String deadLetterQueue : deadLetterQueues) {
            if (done.size() >= limit) {
                break;
            }
            try {
                scan(deadLetterQueue, scanLimit, message -> {
                    if (!which.test(message)) {
                        return false;
                    }
                    DeadLetter before = describe(deadLetterQueue, message); // as it died: a replay rewrites its headers
                    action.accept(sourceQueue(deadLetterQueue), message);
                    done.add(before);
                    return true;
                }, () -> done.size() >= limit);
            }
            catch (ReplayFailedException ex) {
                return new Outcome(done, ex.getMessage());
            }
        }
        return new Outcome(done, null);
    }

    /**
     * Fetches up to {@code max} messages unacknowledged and hands each to the visitor: a message it
     * took ({@code true}) is acknowledged at once, the others are given back at the end, in one
     * {@code basic.nack}, also when the visitor fails.
     */
    private void scan(String deadLetterQueue, int max, Predicate<Message> visitor, BooleanSupplier done) {
        rabbit.execute(channel -> {
            long lastHeld = -1;
            long inHand = -1;
            try {
                for (int i = 0; i < max && !done.getAsBoolean(); i++) {
                    GetResponse response = channel.basicGet(deadLetterQueue, false);
                    if (response == null) {
                        break;
                    }
                    inHand = response.getEnvelope().getDeliveryTag();
                    Message message = new Message(response.getBody(), PROPERTIES.toMessageProperties(
                            response.getProps(), response.getEnvelope(), StandardCharsets.UTF_8.name()));
                    if (visitor.test(message)) {
                        channel.basicAck(inHand, false);
                    }
                    else {
                        lastHeld = inHand;
                    }
                    inHand = -1;
                }
            }
            finally {
                // Back into the queue: the message a failed action was about, and all the ones held.
                giveBack(channel, inHand, false);
                giveBack(channel, lastHeld, true);
            }
            return null;
        });
    }

    private static void giveBack(Channel channel, long tag, boolean upToIt) throws IOException {
        if (tag >= 0 && channel.isOpen()) {
            channel.basicNack(tag, upToIt, true);
        }
    }

    /** Publishes it to its queue and waits for the broker's confirm; throws unless the queue took it. */
    private void republish(String queue, Message dead) {
        MessageProperties properties = dead.getMessageProperties();
        Map<String, Object> headers = properties.getHeaders();
        headers.keySet().removeIf(name -> name.equals("x-death") || name.startsWith("x-first-death-")
                || name.startsWith("x-last-death-") || name.equals("x-delivery-count"));
        headers.put(REPLAYS_HEADER, replays(dead) + 1);
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        rabbit.send("", queue, new Message(dead.getBody(), properties), correlation);
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ReplayFailedException(dead, queue, "interrupted while waiting for the broker's confirm");
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new ReplayFailedException(dead, queue, "the broker did not confirm it within " + confirmTimeout);
        }
        if (!confirm.ack()) {
            throw new ReplayFailedException(dead, queue, "the broker refused it: " + confirm.reason());
        }
        if (correlation.getReturned() != null) {
            throw new ReplayFailedException(dead, queue, "the queue " + queue + " does not exist (returned: "
                    + correlation.getReturned().getReplyText() + ")");
        }
    }

    /**
     * The queue is the one whose dead-letter queue it sits in; why, how often and since when come from
     * the {@code x-death} entry for that queue, the most recent first. The {@code x-first-death-*}
     * headers are not read: the broker sets them only if they are not there yet, so a publisher's
     * forged ones would stay.
     */
    private DeadLetter describe(String deadLetterQueue, Message message) {
        MessageProperties properties = message.getMessageProperties();
        String queue = sourceQueue(deadLetterQueue);
        Map<String, ?> death = lastDeathIn(queue, properties.getXDeathHeader());
        String reason = death == null ? null : String.valueOf(death.get("reason"));
        long deaths = death != null && death.get("count") instanceof Number count ? count.longValue() : 0;
        Instant firstDeath = death != null && death.get("time") instanceof Date time ? time.toInstant() : null;
        byte[] body = message.getBody();
        String text = new String(body, StandardCharsets.UTF_8);
        String preview = text.length() > previewLength ? text.substring(0, previewLength) + "…" : text;
        return new DeadLetter(deadLetterQueue, queue, properties.getMessageId(), properties.getType(),
                header(properties, MessageLogContext.SOURCE_ID_HEADER), reason, deaths, firstDeath, replays(message),
                body.length, preview);
    }

    /** The broker puts the entry of the latest death first; {@code null} if it never died in {@code queue}. */
    private static Map<String, ?> lastDeathIn(String queue, List<Map<String, ?>> xDeath) {
        if (xDeath == null) {
            return null;
        }
        return xDeath.stream().filter(death -> queue.equals(String.valueOf(death.get("queue")))).findFirst()
                .orElse(null);
    }

    private static Predicate<Message> withId(String messageId) {
        return message -> messageId.equals(message.getMessageProperties().getMessageId());
    }

    private static int replays(Message message) {
        return message.getMessageProperties().getHeaders().get(REPLAYS_HEADER) instanceof Number replays
                ? replays.intValue() : 0;
    }

    private static String header(MessageProperties properties, String name) {
        Object value = properties.getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    /** {@code <queue>.dlq} → {@code <queue>}: a replay goes back to the queue whose dead letters these are. */
    static String sourceQueue(String deadLetterQueue) {
        return deadLetterQueue.substring(0, deadLetterQueue.length() - ConsumerQueue.deadLetterQueue("").length());
    }

    /**
     * What an action did, message by message (each as it was when it died), and why it stopped
     * before the end, or {@code null} if it did not.
     */
    record Outcome(List<DeadLetter> done, String stoppedBecause) {
    }

    /** A replay the broker did not confirm: the dead letter stays where it is. */
    private static final class ReplayFailedException extends AmqpException {

        ReplayFailedException(Message message, String queue, String why) {
            super("Message " + message.getMessageProperties().getMessageId() + " was not replayed to " + queue
                    + " and stays in the dead-letter queue: " + why);
        }
    }
}
