package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.example.reliable.publishing.job.CompensationJob;
import com.example.reliable.testsupport.BoundQueue;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A backlog, as an outage leaves it: thousands of SENDING records, all due. One drain sends them
 * all, batch after batch without sleeping in between, with one check-back call per batch, and each
 * message reaches the broker once. The scheduled job is slowed to once an hour so that only the
 * drain under test runs.
 */
@PublishingIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = { "reliable.publishing.job-interval=1h", "reliable.publishing.batch-size=200" })
class CompensationDrainIntegrationTest {

    static final int BACKLOG = 3_000;

    @Autowired CompensationJob job;
    @Autowired MessageStore store;
    @Autowired PublishingTestApplication.CountingCheckBack checkBack;
    @Autowired MeterRegistry meters;
    @Autowired AmqpAdmin admin;
    @Autowired RabbitTemplate rabbit;
    @Autowired TopicExchange exchange;

    @Test
    void oneDrainSendsTheWholeBacklogInBatchesWithOneCheckBackPerBatch() {
        BoundQueue queue = BoundQueue.bind(admin, rabbit, exchange);
        try {
            Instant stored = Instant.now().minusSeconds(30);
            List<String> ids = IntStream.range(0, BACKLOG).mapToObj(i -> "backlog-" + i).toList();
            ids.forEach(id -> store.save(new MessageRecord(new OutgoingMessage(id, exchange.getName(), "thing.happened",
                    "ThingHappened", "{\"id\":\"" + id + "\"}", new Source(id, 0), stored, null), MessageStatus.SENDING, 1,
                    stored, "not sent: broker unreachable")));

            job.drain();

            assertThat(checkBack.batchSizes).as("one check-back call per batch of 200").hasSize(BACKLOG / 200)
                    .allSatisfy(size -> assertThat(size).isEqualTo(200));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.count(MessageStatus.SENDING) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == BACKLOG);
            assertThat(new HashSet<>(queue.drainIds())).as("each message once").hasSize(BACKLOG);
            assertThat(meters.timer("publishing.backlog.drain").count()).isEqualTo(1);
            assertThat(meters.timer("publishing.backlog.outage.to.empty").totalTime(java.util.concurrent.TimeUnit.SECONDS))
                    .as("from the oldest record's storing").isGreaterThanOrEqualTo(30);
        }
        finally {
            queue.delete();
        }
    }
}
