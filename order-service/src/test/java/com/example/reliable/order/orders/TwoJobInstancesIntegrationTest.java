package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.publishing.job.CompensationJob;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * Two job rounds running at the same moment over the same due records, as two order-service
 * instances would: between them they claim every record exactly once, so none is sent twice, and
 * neither fails (with the database store, no deadlock between the two claims).
 * The scheduled job is slowed to once an hour so that only the two rounds under test run.
 */
@OrderServiceIntegrationTest
@Tag("store-contract") // run with each store: see order-service/pom.xml
@IsolatedInfrastructure
@org.springframework.test.context.TestPropertySource(properties = "reliable.publishing.job-interval=1h")
class TwoJobInstancesIntegrationTest {

    static final int RECORDS = 60;

    @Autowired AmqpAdmin admin;
    @Autowired OrderIds ids;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired MessageStore store;
    @Autowired OrderRepository orders;
    @Autowired TransactionTemplate transaction;
    @Autowired CompensationJob job;

    // Repeated: with the database store, two claims used to deadlock in 23 of 40 pairs (repeatable
    // read's gap locks); five pairs all pass by chance about once in 70 runs.
    @RepeatedTest(5)
    void twoJobRoundsOverTheSameRecordsSendEachRecordOnce() throws Exception {
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            for (int i = 0; i < RECORDS; i++) {
                Order order = transaction.execute(status -> orders.saveAndFlush(new Order(ids.next(), "c", List.of(new Line("SKU-1", 1)),
                        new Address("s", "c", "p", "US"), Instant.now(), null, null)));
                var message = new OutgoingMessage("due-" + i, exchange.getName(), OrderEvents.CREATED, "OrderCreated",
                        "{}", new Source(String.valueOf(order.getId()), 0), Instant.now(), null);
                store.save(new MessageRecord(message, MessageStatus.SENDING, 0, Instant.now(), null));
            }

            CountDownLatch start = new CountDownLatch(1);
            var first = CompletableFuture.supplyAsync(() -> roundAfter(start));
            var second = CompletableFuture.supplyAsync(() -> roundAfter(start));
            start.countDown();
            CompensationJob.Round a = first.get();
            CompensationJob.Round b = second.get();

            assertThat(a.claimed() + b.claimed()).isEqualTo(RECORDS);
            assertThat(a.resent() + b.resent()).isEqualTo(RECORDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.count(MessageStatus.SENDING) == 0);
            List<String> received = new ArrayList<>();
            Message message;
            while ((message = queue.next()) != null) {
                received.add(message.getMessageProperties().getMessageId());
            }
            assertThat(received).hasSize(RECORDS);
            assertThat(new HashSet<>(received)).hasSize(RECORDS);
        }
        finally {
            queue.delete();
        }
    }

    private CompensationJob.Round roundAfter(CountDownLatch start) {
        try {
            start.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return job.run();
    }
}
