package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * {@link ReliablePublisher#storeThenCommit}: the record is stored before the change's transaction,
 * published after its commit, discarded at once when the change rolls back, and kept for the job's
 * check-back when the commit itself fails (it may have committed).
 */
@PublishingIntegrationTest
@IsolatedInfrastructure
class StoreThenCommitIntegrationTest {

    @Autowired ReliablePublisher publisher;
    @Autowired MessageStore store;
    @Autowired TransactionTemplate transaction;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;

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
    void theRecordIsStoredBeforeTheChangeAndPublishedAfterItsCommit() {
        String id = UUID.randomUUID().toString();

        String result = storeThenCommit(id, () -> {
            assertThat(store.find(id)).as("stored before the change runs").isPresent();
            assertThat(TransactionSynchronizationManager.isActualTransactionActive()).as("the change's transaction")
                    .isTrue();
            return "changed";
        });

        assertThat(result).isEqualTo("changed");
        assertThat(queue.next().getMessageProperties().getMessageId()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find(id).isEmpty());
    }

    @Test
    void aChangeThatRollsBackLeavesNoRecordAndSendsNothing() {
        String id = UUID.randomUUID().toString();

        assertThatIllegalStateException().isThrownBy(() -> storeThenCommit(id, () -> {
            throw new IllegalStateException("the change failed");
        })).withMessage("the change failed");

        assertThat(store.find(id)).isEmpty();
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aFailedCommitKeepsTheRecordForTheCheckBack() {
        String id = UUID.randomUUID().toString();

        // The commit, not the change, fails: whether it committed is unknown, so only the check-back may decide.
        assertThatThrownBy(() -> storeThenCommit(id, () -> {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    throw new IllegalStateException("commit failed");
                }
            });
            return "changed";
        })).hasMessage("commit failed");

        assertThat(store.find(id)).get().extracting(MessageRecord::status).isEqualTo(MessageStatus.SENDING);
        store.discard(id);
    }

    @Test
    void insideATransactionItIsRefusedAndStoresNothing() {
        String id = UUID.randomUUID().toString();

        assertThatIllegalStateException()
                .isThrownBy(() -> transaction.executeWithoutResult(status -> storeThenCommit(id, () -> "changed")))
                .withMessageContaining("outside one");
        assertThat(store.find(id)).isEmpty();
    }

    private String storeThenCommit(String id, Supplier<String> change) {
        return publisher.storeThenCommit(exchange.getName(), "thing.happened", id,
                new RelayIntegrationTest.ThingHappened(id), new Source(id, 0), change);
    }
}
