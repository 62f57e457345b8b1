package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.TcpProxy;

/**
 * The relay between a commit and the broker: the caller of {@code send} never waits for the broker,
 * the broker's answers reach the store in batches and off the connection's thread, and publishes in
 * flight when the connection dies are all delivered. The service reaches RabbitMQ through a
 * {@link TcpProxy}, so the shared broker is never touched.
 */
@PublishingIntegrationTest
@IsolatedInfrastructure(rabbitThroughProxy = true)
class RelayIntegrationTest {

    @Autowired ReliablePublisher publisher;
    @Autowired TransactionTemplate transaction;
    @Autowired MessageStore store;
    @Autowired StoreCalls storeCalls;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;
    @Autowired TcpProxy rabbitProxy;
    @Autowired ConfirmWindow window;

    BoundQueue queue;

    @BeforeEach
    void bindQueue() {
        queue = BoundQueue.bind(admin, rabbit, exchange);
    }

    @AfterEach
    void healBrokerAndDeleteQueue() {
        rabbitProxy.releaseReplies();
        rabbitProxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
        if (queue != null) {
            queue.delete();
        }
    }

    @Test
    void sendNeverWaitsForAFrozenBroker() {
        // The broker accepts connections and never answers: a connection attempt would hang in its handshake.
        rabbitProxy.holdReplies();
        rabbitProxy.dropConnections();

        // Publishing in the caller's thread took one handshake timeout (10 s) per send.
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> ids("frozen", 50).forEach(this::send));
        assertThat(store.count(MessageStatus.SENDING)).as("every message is stored").isEqualTo(50);

        rabbitProxy.releaseReplies();

        await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
        assertThat(new HashSet<>(queue.drainIds())).containsExactlyInAnyOrderElementsOf(ids("frozen", 50));
    }

    @Test
    void confirmsAreAppliedToTheStoreInBatchesAndNeverOnTheConnectionThread() {
        ids("batch", 500).forEach(this::send);

        await().atMost(Duration.ofSeconds(20)).until(() -> store.count(MessageStatus.SENDING) == 0);

        var removals = storeCalls.of("delivered");
        assertThat(removals).extracting(StoreCalls.Call::thread)
                .as("no store I/O on the AMQP connection's thread").allSatisfy(thread ->
                        assertThat(thread).startsWith("reliable-publishing-outcomes"));
        assertThat(removals.stream().mapToInt(StoreCalls.Call::ids).sum()).isEqualTo(500);
        assertThat(removals.size()).as("round trips for 500 removals").isLessThan(500);
        assertThat(new HashSet<>(queue.drainIds())).hasSize(500);
    }

    @Test
    void publishesInFlightWhenTheConnectionDiesAreAllDelivered() {
        send("warm-up"); // a live connection first
        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(MessageStatus.SENDING) == 0);
        rabbitProxy.holdReplies(); // publishes reach the broker, their confirms stay in the proxy

        // One transaction that reports 200 changes: all are handed over at its commit, and published together.
        transaction.executeWithoutResult(status -> ids("window", 200).forEach(this::send));
        // Published, none confirmed (how many depends on how the relay's threads got channels: at least one batch)
        await().atMost(Duration.ofSeconds(5)).until(() -> window.inFlight() > 0);
        rabbitProxy.dropConnections(); // the client nacks every publish still waiting for its confirm
        rabbitProxy.releaseReplies();

        await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
        assertThat(store.count(MessageStatus.FAILED)).isZero();
        List<String> received = queue.drainIds();
        assertThat(new HashSet<>(received)).as("every message, some twice: consumers deduplicate")
                .containsAll(ids("window", 200));
    }

    @Test
    void whileTheBrokerStaysAwayTheJobLeavesTheWaitingRecordsAloneAndResendsThemWhenItIsBack() {
        rabbitProxy.cut();
        ids("away", 20).forEach(this::send);

        // The relay tries each once, the job finds the broker away once; from then on no round claims
        // or rewrites the waiting records (before, every round claimed them and put them back).
        int[] seen = { -1 };
        await("the store left alone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int now = recordsTouched();
            boolean quiet = now == seen[0];
            seen[0] = now;
            return quiet;
        });
        int settled = recordsTouched();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> recordsTouched() == settled);
        assertThat(store.count(MessageStatus.SENDING)).isEqualTo(20);

        rabbitProxy.restore();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(MessageStatus.SENDING) == 0);
        assertThat(new HashSet<>(queue.drainIds())).containsExactlyInAnyOrderElementsOf(ids("away", 20));
    }

    /** Claims and failed attempts written to the store so far. */
    private int recordsTouched() {
        return storeCalls.of("claimDue").size() + storeCalls.of("failedAttempt").size();
    }

    private void send(String id) {
        transaction.executeWithoutResult(status ->
                publisher.send(exchange.getName(), "thing.happened", id, new ThingHappened(id), new Source(id, 0)));
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** The payload: any record. */
    record ThingHappened(String id) {
    }
}
