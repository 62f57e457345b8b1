package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * The compensation job and its check-back: a record whose order committed is delivered even when
 * the service never published it; a record whose order never committed is discarded, never sent —
 * at once by the publisher when the change rolled back, by the job when the service died first.
 */
@OrderServiceIntegrationTest
@Tag("store-contract") // run with each store: see order-service/pom.xml
@IsolatedInfrastructure
class CompensationJobIntegrationTest {

    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired MessageStore store;
    @Autowired OrderRepository orders;
    @Autowired OrderEventPublisher events;
    @Autowired OrderIds ids;
    @Autowired TransactionTemplate transaction;

    BoundQueue queue;

    @BeforeEach
    void bindQueue() {
        queue = BoundQueue.bind(admin, rabbit, exchange);
    }

    @AfterEach
    void deleteQueue() {
        queue.delete();
    }

    @Test
    void messageStoredButNeverPublishedIsDeliveredByTheJob() {
        // The state a crash right after the commit leaves: order committed, record SENDING, nothing published.
        Order order = transaction.execute(status -> orders.saveAndFlush(newOrder()));
        store.save(new MessageRecord(message("crash-1", order.getId(), 0, Instant.now()), MessageStatus.SENDING, 0,
                Instant.now().plusMillis(500), null));
        assertThat(queue.poll()).as("nothing was published").isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.find("crash-1").isEmpty());

        Message message = queue.next();
        assertThat(message).isNotNull();
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo("crash-1");
    }

    @Test
    void recordOfAChangeThatRolledBackIsDiscardedAtOnceAndNeverSent() {
        // The record is stored before the transaction; then the change fails and rolls back.
        Order order = newOrder();
        assertThatIllegalStateException().isThrownBy(() -> events.created(order, () -> {
            orders.saveAndFlush(order);
            throw new IllegalStateException("something failed after the message was stored");
        }));

        assertThat(orders.existsById(order.getId())).isFalse();
        assertThat(recordsOf(order.getId())).as("discarded by the publisher, not left for the job").isEmpty();
        assertThat(queue.next()).as("a message of a rolled-back order is never sent").isNull();
    }

    @Test
    void recordOfAServiceThatDiedBeforeItsCommitIsDiscardedByTheJobAndNeverSent() {
        // What a crash between storing the record and committing the order leaves: a record, no order.
        long orderId = ids.next();
        store.save(new MessageRecord(message("died-before-commit", orderId, 0, Instant.now()), MessageStatus.SENDING,
                0, Instant.now().plusMillis(500), null));
        String messageId = "died-before-commit";

        // Younger than the transaction timeout: it could still be committing, so the job waits.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> store.find(messageId).isPresent());
        // Older: the job gives up on it.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.find(messageId).isEmpty());

        assertThat(queue.next()).as("a message of a rolled-back order is never sent").isNull();
    }

    @Test
    void cancellationThatNeverCommittedIsDiscardedThoughTheOrderExists() {
        Order order = transaction.execute(status -> orders.saveAndFlush(newOrder()));
        // An OrderCancelled for version 1, but the order is still at version 0: the cancel rolled back.
        store.save(new MessageRecord(message("cancel-rolled-back", order.getId(), 1, Instant.now().minusSeconds(60)),
                MessageStatus.SENDING, 0, Instant.now(), null));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.find("cancel-rolled-back").isEmpty());

        assertThat(queue.next()).isNull();
    }

    @Test
    void storingFirstInsideATransactionIsRefused() {
        Order order = newOrder();

        assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult(
                status -> events.created(order, () -> orders.saveAndFlush(order))))
                .withMessageContaining("outside one");
        assertThat(recordsOf(order.getId())).isEmpty();
    }

    private List<MessageRecord> recordsOf(long orderId) {
        return store.list(MessageStatus.SENDING, 0, 1000).stream()
                .filter(record -> record.message().source().id().equals(String.valueOf(orderId))).toList();
    }

    private Order newOrder() {
        return new Order(ids.next(), "c-job", List.of(new Line("SKU-1", 1)), address(), Instant.now(), null, null);
    }

    private static Address address() {
        return new Address("1 Main St", "Springfield", "12345", "US");
    }

    private OutgoingMessage message(String id, long orderId, long version, Instant createdAt) {
        return new OutgoingMessage(id, exchange.getName(), OrderEvents.CREATED, "OrderCreated",
                "{\"messageId\":\"" + id + "\",\"orderId\":" + orderId + "}", new Source(String.valueOf(orderId), version),
                createdAt, null);
    }
}
