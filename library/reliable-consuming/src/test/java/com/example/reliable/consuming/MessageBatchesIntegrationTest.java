package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;

import com.example.reliable.testsupport.Servers;
import com.example.reliable.testsupport.SettlementRecorder;
import com.rabbitmq.client.Channel;

/**
 * A listener that takes whole batches ({@link MessageBatches}) on the real broker, with what it sends
 * read from the wire ({@link SettlementRecorder}): the applied messages of a batch are acknowledged
 * together; a message that fails is settled alone, with {@code basic.reject} and never
 * {@code basic.nack}, and is dead-lettered alone; a batch cut off after its messages were applied is
 * delivered again, and the listener's deduplication keeps every message applied once.
 */
class MessageBatchesIntegrationTest {

    private static final String LISTENER = "batches";

    private final Servers servers = Servers.get();
    private String queue;
    private CachingConnectionFactory connections;
    private RabbitAdmin admin;
    private RabbitTemplate rabbit;
    private SettlementRecorder recorder;
    private Declarables declarables;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void declareQueue() {
        queue = "it_batches_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        admin = new RabbitAdmin(connections);
        rabbit = new RabbitTemplate(connections);
        // The consumers' own queue: quorum, a dead-letter queue, delivery limit 2.
        declarables = ConsumerQueue.declarables(queue, queue + ".exchange", List.of("#"), 2);
        declarables.getDeclarablesByType(Exchange.class).forEach(admin::declareExchange);
        declarables.getDeclarablesByType(Queue.class).forEach(admin::declareQueue);
        declarables.getDeclarablesByType(Binding.class).forEach(admin::declareBinding);
        recorder = SettlementRecorder.connectingTo(servers.rabbitHost(), servers.rabbitPort(), servers.rabbitUser(),
                servers.rabbitPassword());
    }

    @AfterEach
    void deleteQueue() {
        if (context != null) {
            context.close();
        }
        declarables.getDeclarablesByType(Queue.class).forEach(declared -> admin.deleteQueue(declared.getName()));
        declarables.getDeclarablesByType(Exchange.class).forEach(declared -> admin.deleteExchange(declared.getName()));
        connections.destroy();
    }

    @Test
    void aMessageThatCannotBeReadIsDeadLetteredAloneWhileTheRestOfItsBatchIsAppliedAndAckedTogether() {
        List<String> ids = send("ok-1", "ok-2", "ok-3", "ok-4", "unreadable-5", "ok-6", "ok-7", "ok-8", "ok-9", "ok-10");
        BatchListener listener = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.size() == 9 && queueIsEmpty());
        Message deadLetter = await("the unreadable message in the dead-letter queue").atMost(Duration.ofSeconds(10))
                .until(() -> rabbit.receive(ConsumerQueue.deadLetterQueue(queue)), Objects::nonNull);

        assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo("unreadable-5");
        assertThat(deadLetter.getMessageProperties().getHeaders()).containsEntry("x-first-death-reason", "rejected");
        assertThat(rabbit.receive(ConsumerQueue.deadLetterQueue(queue))).as("nothing else dead-lettered").isNull();
        assertThat(listener.applied).containsOnlyKeys(ids.stream().filter(id -> id.startsWith("ok")).toList())
                .allSatisfy((id, times) -> assertThat(times).as(id).hasValue(1));
        // Ten messages delivered before the listener started: one or two batches, one ack each.
        assertThat(listener.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        List<String> settlements = recorder.settlements();
        assertThat(settlements).filteredOn(s -> s.startsWith("basicReject")).containsExactly("basicReject requeue=false");
        assertThat(settlements).filteredOn(s -> s.startsWith("basicAck"))
                .hasSize(listener.batchSizes.size()).containsOnly("basicAck multiple=true");
        assertThat(settlements).noneMatch(s -> s.startsWith("basicNack"));
        assertNothingLeftOnceTheListenerStopped();
    }

    @Test
    void aMessageThatKeepsFailingIsRejectedAloneEachTimeUntilTheDeliveryLimitDeadLettersIt() {
        send("ok-1", "failing-2", "ok-3");
        BatchListener listener = start();

        Message deadLetter = await("the failing message in the dead-letter queue").atMost(Duration.ofSeconds(30))
                .until(() -> rabbit.receive(ConsumerQueue.deadLetterQueue(queue)), Objects::nonNull);

        assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo("failing-2");
        assertThat(deadLetter.getMessageProperties().getHeaders()).containsEntry("x-first-death-reason",
                "delivery_limit");
        await().atMost(Duration.ofSeconds(10)).until(this::queueIsEmpty);
        assertThat(listener.applied).containsOnlyKeys("ok-1", "ok-3")
                .allSatisfy((id, times) -> assertThat(times).as(id).hasValue(1));
        // Delivered 3 times (the limit is 2), rejected with requeue each time, never nacked; the 3rd reject
        // dead-letters it. Its neighbours are never redelivered with it.
        assertThat(recorder.settlements()).filteredOn(s -> !s.startsWith("basicAck")).containsExactly(
                "basicReject requeue=true", "basicReject requeue=true", "basicReject requeue=true");
        assertThat(listener.duplicates).hasValue(0);
        assertNothingLeftOnceTheListenerStopped();
    }

    @Test
    void aBatchCutOffAfterItsMessagesWereAppliedIsDeliveredAgainAndNothingIsAppliedTwice() {
        List<String> ids = send(IntStream.rangeClosed(1, 10).mapToObj(i -> "ok-" + i).toArray(String[]::new));
        // The consumer's connection drops in the middle of the first batch, before its ack: as if the
        // process died there. Applied, never acked.
        BatchListener listener = start(batchListener -> batchListener.cutOffAfter("ok-5",
                () -> context.getBean("rabbitConnectionFactory", CachingConnectionFactory.class).resetConnection()));

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.size() == 10 && queueIsEmpty());

        assertThat(listener.applied).containsOnlyKeys(ids)
                .allSatisfy((id, times) -> assertThat(times).as(id).hasValue(1));
        assertThat(listener.duplicates).as("the redelivered ones, skipped").hasValueGreaterThanOrEqualTo(5);
        assertThat(rabbit.receive(ConsumerQueue.deadLetterQueue(queue))).as("nothing dead-lettered").isNull();
        assertNothingLeftOnceTheListenerStopped();
    }

    private List<String> send(String... ids) {
        for (String id : ids) {
            rabbit.send(queue, MessageBuilder.withBody(id.getBytes()).setMessageId(id).build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == ids.length);
        return List.of(ids);
    }

    private BatchListener start() {
        return start(listener -> {
        });
    }

    /** Starts the listener once {@code before} has prepared it. */
    private BatchListener start(Consumer<BatchListener> before) {
        context = new SpringApplicationBuilder(BatchListenerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("test.queue=" + queue,
                        // As the consumers run.
                        "spring.rabbitmq.listener.simple.consumer-batch-enabled=true",
                        "spring.rabbitmq.listener.simple.batch-size=10",
                        "spring.rabbitmq.listener.simple.prefetch=20",
                        "spring.rabbitmq.listener.simple.concurrency=1",
                        "spring.rabbitmq.listener.simple.auto-startup=false")
                .initializers(applicationContext -> ((GenericApplicationContext) applicationContext)
                        .registerBean("rabbitConnectionFactory", ConnectionFactory.class,
                                recorder::cachingConnectionFactory))
                .run();
        BatchListener listener = context.getBean(BatchListener.class);
        before.accept(listener);
        context.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer(LISTENER).start();
        return listener;
    }

    private boolean queueIsEmpty() {
        return admin.getQueueInfo(queue).getMessageCount() == 0;
    }

    /**
     * Nothing left once the listener is gone: a delivery it held without settling would be back in the
     * queue as soon as its channel closed.
     */
    private void assertNothingLeftOnceTheListenerStopped() {
        context.close();
        context = null;
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    /** A listener as the consumers have it: batches, settled by {@link MessageBatches}, deduplicated by id. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({ RabbitAutoConfiguration.class, ReliableConsumingAutoConfiguration.class })
    static class BatchListenerApplication {

        @Bean
        BatchListener batchListener(MessageBatches batches) {
            return new BatchListener(batches);
        }
    }

    static class BatchListener {

        /** How many times each message was applied: the effect a deduplicating consumer keeps once. */
        final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
        final AtomicInteger duplicates = new AtomicInteger();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        private final MessageBatches batches;
        private volatile String cutOffAfter;
        private volatile Runnable cutOff;
        private final AtomicBoolean cut = new AtomicBoolean();

        BatchListener(MessageBatches batches) {
            this.batches = batches;
        }

        void cutOffAfter(String id, Runnable action) {
            this.cutOff = action;
            this.cutOffAfter = id;
        }

        @RabbitListener(id = LISTENER, queues = "${test.queue}", ackMode = "MANUAL")
        void on(List<Message> batch, Channel channel) {
            batchSizes.add(batch.size());
            batches.apply(LISTENER, batch, channel, message -> {
                String id = message.getMessageProperties().getMessageId();
                if (id.startsWith("unreadable")) {
                    throw new MessageConversionException("not an event: " + id);
                }
                if (id.startsWith("failing")) {
                    throw new IllegalStateException("fails every time: " + id);
                }
                if (applied.putIfAbsent(id, new AtomicInteger(1)) != null) {
                    duplicates.incrementAndGet(); // seen before: skipped, as the consumers' checks do
                }
                if (id.equals(cutOffAfter) && cut.compareAndSet(false, true)) {
                    cutOff.run();
                }
            });
        }
    }
}
