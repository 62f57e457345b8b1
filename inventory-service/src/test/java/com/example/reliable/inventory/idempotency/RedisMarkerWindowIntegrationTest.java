package com.example.reliable.inventory.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;

/**
 * The Redis marker and {@code t_check} side by side, on the same effect (take one unit of a product
 * per message) against the real Redis and MariaDB, with the consumer "dying" at the worst moment:
 * the step after the database commit throws, and nothing after it runs — as after a {@code kill -9},
 * the message is then delivered again. The marker lets the message through twice (or loses it, if
 * it marks first); {@code t_check} applies it exactly once.
 */
@InventoryServiceIntegrationTest
// inventory-service itself uses no Redis (its application.yml excludes the client); this comparison does.
@TestPropertySource(properties = "spring.autoconfigure.exclude=")
@IsolatedInfrastructure
class RedisMarkerWindowIntegrationTest {

    private static final Duration LEASE = Duration.ofMillis(700);

    @Autowired StringRedisTemplate redis;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;
    @Autowired IdempotencyCheck tCheck;
    @Value("${test.namespace}") String namespace;

    RedisMarker marker;

    @BeforeEach
    void setUp() {
        marker = new RedisMarker(redis, transactions, namespace + ":", LEASE, Duration.ofDays(30));
    }

    @Test
    void withoutACrashBothSkipTheDuplicate() {
        String product = "SKU-1";
        int before = stock(product);
        String byMarker = UUID.randomUUID().toString();
        String byTCheck = UUID.randomUUID().toString();

        assertThat(marker.apply(byMarker, () -> takeOne(product), RedisMarker.Step.NOTHING))
                .isEqualTo(RedisMarker.Outcome.APPLIED);
        assertThat(marker.apply(byMarker, () -> takeOne(product), RedisMarker.Step.NOTHING))
                .isEqualTo(RedisMarker.Outcome.DUPLICATE);
        assertThat(applyWithTCheck(product, byTCheck, RedisMarker.Step.NOTHING)).isTrue();
        assertThat(applyWithTCheck(product, byTCheck, RedisMarker.Step.NOTHING)).isFalse();

        assertThat(stock(product)).as("one unit per message").isEqualTo(before - 2);
    }

    @Test
    void aCrashBetweenTheCommitAndTheMarkerAppliesTheMessageTwice() {
        String product = "SKU-2";
        int before = stock(product);
        String messageId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> marker.apply(messageId, () -> takeOne(product), RedisMarkerWindowIntegrationTest::dies))
                .isInstanceOf(ProcessDied.class);
        assertThat(stock(product)).as("the first delivery committed").isEqualTo(before - 1);

        // Redelivered at once: the marker still says in-progress, so it is requeued...
        assertThat(marker.apply(messageId, () -> takeOne(product), RedisMarker.Step.NOTHING))
                .isEqualTo(RedisMarker.Outcome.BUSY);
        // ...until the lease runs out; then nothing remembers that it was applied.
        await("the lease of the dead claim expires").atMost(Duration.ofSeconds(10))
                .until(() -> !marker.isMarked(messageId));
        assertThat(marker.apply(messageId, () -> takeOne(product), RedisMarker.Step.NOTHING))
                .isEqualTo(RedisMarker.Outcome.APPLIED);

        assertThat(stock(product)).as("one message, two units taken").isEqualTo(before - 2);
    }

    @Test
    void tCheckAppliesTheSameMessageOnceThroughTheSameCrash() {
        String product = "SKU-3";
        int before = stock(product);
        String fingerprint = UUID.randomUUID().toString();

        assertThatThrownBy(() -> applyWithTCheck(product, fingerprint, RedisMarkerWindowIntegrationTest::dies))
                .isInstanceOf(ProcessDied.class);
        assertThat(applyWithTCheck(product, fingerprint, RedisMarker.Step.NOTHING))
                .as("the redelivery finds the t_check row that committed with the stock").isFalse();

        assertThat(stock(product)).isEqualTo(before - 1);
    }

    @Test
    void markingDoneBeforeTheCommitLosesTheMessageWhenTheConsumerDiesInBetween() {
        String product = "SKU-4";
        int before = stock(product);
        String messageId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> marker.applyMarkingDoneFirst(messageId, () -> takeOne(product), RedisMarkerWindowIntegrationTest::dies))
                .isInstanceOf(ProcessDied.class);
        assertThat(marker.applyMarkingDoneFirst(messageId, () -> takeOne(product), RedisMarker.Step.NOTHING))
                .as("the redelivery").isEqualTo(RedisMarker.Outcome.DUPLICATE);

        assertThat(stock(product)).as("the message was never applied").isEqualTo(before);
    }

    /** The t_check way: the row and the change in one transaction; {@code afterCommit} as above. */
    private boolean applyWithTCheck(String product, String fingerprint, RedisMarker.Step afterCommit) {
        boolean applied = Boolean.TRUE.equals(transactions.execute(status -> {
            if (tCheck.markApplied(List.of(product), fingerprint, "same-data", "m-" + fingerprint) != IdempotencyCheck.Mark.FIRST) {
                return false;
            }
            takeOne(product);
            return true;
        }));
        afterCommit.run();
        return applied;
    }

    /** The consumer dies here: nothing after this step runs, and the broker delivers the message again. */
    private static void dies() {
        throw new ProcessDied();
    }

    private static final class ProcessDied extends RuntimeException {
        ProcessDied() {
            super("the consumer died here (kill -9)");
        }
    }

    private void takeOne(String product) {
        jdbc.sql("UPDATE products SET stock = stock - 1 WHERE id = ?").param(product).update();
    }

    private int stock(String product) {
        return jdbc.sql("SELECT stock FROM products WHERE id = ?").param(product).query(Integer.class).single();
    }
}
