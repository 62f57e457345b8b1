package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.TcpProxy;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A relay whose queue is full loses nothing: what it cannot take stays in the store, and the
 * compensation job sends it once the broker answers again. The relay here holds five records and
 * has one thread, and the broker is frozen, so most of 200 records overflow.
 */
@PublishingIntegrationTest
@IsolatedInfrastructure(rabbitThroughProxy = true)
@TestPropertySource(properties = { "reliable.publishing.relay.queue-size=5", "reliable.publishing.relay.threads=1" })
class FullRelayIntegrationTest {

    @Autowired ReliablePublisher publisher;
    @Autowired TransactionTemplate transaction;
    @Autowired MessageStore store;
    @Autowired MeterRegistry meters;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired TcpProxy rabbitProxy;

    @Test
    void recordsTheRelayCannotTakeAreLeftForTheJobAndDelivered() {
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            rabbitProxy.holdReplies();
            rabbitProxy.dropConnections();
            List<String> ids = IntStream.range(0, 200).mapToObj(i -> "overflow-" + i).toList();

            ids.forEach(id -> transaction.executeWithoutResult(status -> publisher.send(exchange.getName(),
                    "thing.happened", id, new RelayIntegrationTest.ThingHappened(id), new Source(id, 0))));

            // The relay's thread takes at most one batch (100) and is stuck in the handshake; 5 more wait in the queue.
            assertThat(meters.counter("publishing.relay.left.for.job", "reason", "full").count())
                    .as("records the relay could not take").isGreaterThanOrEqualTo(200 - 100 - 5);
            assertThat(store.count(MessageStatus.SENDING)).as("every one of them is stored").isEqualTo(200);

            rabbitProxy.releaseReplies();

            await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
            assertThat(new HashSet<>(queue.drainIds())).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(store.count(MessageStatus.FAILED)).isZero();
        }
        finally {
            rabbitProxy.releaseReplies();
            queue.delete();
        }
    }
}
