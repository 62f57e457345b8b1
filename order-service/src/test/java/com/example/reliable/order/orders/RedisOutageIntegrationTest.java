package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.TcpProxy;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * Redis away: order-service fails fast and stays up. A {@code POST /orders} that cannot store its
 * message answers 503 problem details with {@code Retry-After} within its 2 s Redis timeout and
 * commits nothing; a burst of them larger than the database pool does not stop {@code GET}s, which
 * need no Redis, and none of them holds a database connection while it waits (the message is stored
 * before the order's transaction begins); health says DOWN within a second; once Redis is back,
 * orders are taken again. Redis is reached through a
 * {@link TcpProxy}, so the shared server is never touched.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure(redisThroughProxy = true)
class RedisOutageIntegrationTest {

    @Autowired OrderRepository orders;
    @Autowired TcpProxy redisProxy;
    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    OrdersClient client;

    @BeforeEach
    void setUp() {
        client = new OrdersClient(port);
    }

    @AfterEach
    void healRedis() {
        redisProxy.restore();
    }

    @Test
    @SuppressWarnings("unchecked")
    void ordersAre503WithRetryAfterWhileGetsGoOnAndNothingIsCommitted() throws Exception {
        Object existing = client.place(OrdersClient.order("c-before", "SKU-1", 1)).getBody().get("id");
        long before = orders.count();
        redisProxy.cut();

        ResponseEntity<Map> refused = assertTimeoutPreemptively(Duration.ofSeconds(6),
                () -> client.place(OrdersClient.order("c-during", "SKU-1", 1)));

        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");

        // More parallel POSTs than the pool has connections (10); a GET still gets through.
        var burst = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<ResponseEntity<Map>>> posts = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> client.place(OrdersClient.order("c-burst-" + i, "SKU-1", 1)), burst))
                    .toList();
            ResponseEntity<Map> read = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> client.get(existing));
            assertThat(read.getStatusCode().value()).isEqualTo(200);
            for (var post : posts) {
                assertThat(post.get().getStatusCode().value()).as("never a 500").isEqualTo(503);
            }
        }
        finally {
            burst.shutdownNow();
        }
        assertThat(orders.count()).as("nothing committed while Redis was away").isEqualTo(before);

        // Health tells at once: DOWN within a second, Redis named, not held for the 2 s timeout.
        ResponseEntity<Map> health = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> client.admin("GET", "/actuator/health", null, null));
        assertThat(health.getStatusCode().value()).isEqualTo(503);
        assertThat(((Map<String, Map<String, Object>>) health.getBody().get("components")).get("redis"))
                .containsEntry("status", "DOWN");

        redisProxy.restore();
        assertTakenAgain();
    }

    @Test
    void aPostWaitingForRedisHoldsNoDatabaseConnection() throws Exception {
        client.place(OrdersClient.order("c-warm", "SKU-1", 1)); // the pool and a block of order ids are ready
        redisProxy.cut();

        // Sixteen POSTs wait up to 2 s each for Redis. The message is stored before the order's
        // transaction begins, so none of them holds one of the pool's 10 connections meanwhile.
        AtomicInteger mostInUse = new AtomicInteger();
        var burst = Executors.newFixedThreadPool(17);
        try {
            List<CompletableFuture<ResponseEntity<Map>>> posts = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> client.place(OrdersClient.order("c-wait-" + i, "SKU-1", 1)), burst))
                    .toList();
            var sampler = CompletableFuture.runAsync(() -> {
                while (posts.stream().anyMatch(post -> !post.isDone())) {
                    mostInUse.accumulateAndGet(pool().getActiveConnections(), Math::max);
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
            }, burst);
            for (var post : posts) {
                assertThat(post.get().getStatusCode().value()).isEqualTo(503);
            }
            sampler.get();
        }
        finally {
            burst.shutdownNow();
        }
        assertThat(mostInUse.get()).as("database connections in use while 16 requests waited for Redis")
                .isLessThanOrEqualTo(1);

        redisProxy.restore();
        assertTakenAgain();
    }

    private HikariPoolMXBean pool() {
        return ((HikariDataSource) dataSource).getHikariPoolMXBean();
    }

    private void assertTakenAgain() {
        // Taken again as soon as the Redis client has reconnected (its reconnect backs off).
        await().atMost(Duration.ofSeconds(20)).until(
                () -> client.place(OrdersClient.order("c-after", "SKU-1", 1)).getStatusCode().value() == 201);
    }
}
