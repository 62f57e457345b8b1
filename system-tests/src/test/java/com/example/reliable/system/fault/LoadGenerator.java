package com.example.reliable.system.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * Clients of order-service: places a bounded number of orders over HTTP, spread over a time span,
 * and cancels every n-th one right after it was accepted, while a fault is injected. A client that
 * gets no answer (order-service dead, a request hanging on a frozen broker) sends the same request
 * again with the same {@code Idempotency-Key} until it gets one or its time is up, as a real client
 * would: so "accepted" means exactly "the client got a 201", and an order committed before a
 * connection broke is found again rather than placed twice.
 */
final class LoadGenerator {

    static final List<String> PRODUCTS = List.of("SKU-1", "SKU-2", "SKU-3", "SKU-4");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final List<String> orderServices;
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();

    /** @param patience how long one client keeps retrying one request */
    LoadGenerator(String orderService, Duration patience) {
        this(List.of(orderService), patience);
    }

    /**
     * Against several order-service instances, as behind a load balancer: each request, and each
     * retry of it, goes to the next instance in turn, so a retry after a dead instance finds a live one.
     */
    LoadGenerator(List<String> orderServices, Duration patience) {
        this.orderServices = List.copyOf(orderServices);
        this.patience = patience;
    }

    /** One line of an order. */
    record Line(String productId, int quantity) {
    }

    /** What the client knows of its cancel: none sent, answered 200, or sent without an answer. */
    enum Cancel {
        NONE, CONFIRMED, UNANSWERED
    }

    /** An order the client got a 201 for. */
    record PlacedOrder(long id, String idempotencyKey, List<Line> lines, Cancel cancel) {
    }

    /** A load running in the background. */
    final class Load {

        private final ScheduledExecutorService clients;
        private final List<PlacedOrder> accepted = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger refused = new AtomicInteger();

        private Load(ScheduledExecutorService clients) {
            this.clients = clients;
        }

        /** Waits for every client to finish (bounded), and returns the orders that were accepted. */
        List<PlacedOrder> await(Duration limit) throws InterruptedException {
            clients.shutdown();
            if (!clients.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                clients.shutdownNow();
                clients.awaitTermination(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            synchronized (accepted) {
                return accepted.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
            }
        }

        /** Orders that never got a 201 within the client's patience. */
        int refused() {
            return refused.get();
        }
    }

    /**
     * Starts {@code orders} clients, one every {@code spread / orders}, at most three at a time;
     * every {@code cancelEvery}-th order (0: none) is cancelled once it is accepted.
     */
    Load start(String run, int orders, Duration spread, int cancelEvery) {
        var clients = Executors.newScheduledThreadPool(3);
        var load = new Load(clients);
        Random random = new Random(run.hashCode());
        for (int i = 0; i < orders; i++) {
            List<Line> lines = lines(random);
            String key = run + "-" + i;
            boolean cancel = cancelEvery > 0 && i % cancelEvery == cancelEvery - 1;
            clients.schedule(() -> placeAndMaybeCancel(load, key, lines, cancel), spread.toMillis() * i / orders,
                    TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private void placeAndMaybeCancel(Load load, String key, List<Line> lines, boolean cancel) {
        Long id = send(base -> HttpRequest.newBuilder(URI.create(base + "/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body(key, lines))), 201);
        if (id == null) {
            load.refused.incrementAndGet();
            return;
        }
        Cancel cancelled = Cancel.NONE;
        if (cancel) {
            Long answered = send(base -> HttpRequest.newBuilder(URI.create(base + "/orders/" + id + "/cancel"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), 200);
            cancelled = answered == null ? Cancel.UNANSWERED : Cancel.CONFIRMED;
        }
        load.accepted.add(new PlacedOrder(id, key, lines, cancelled));
    }

    /** Sends the request until it is answered with {@code expected} or patience runs out; returns the order id. */
    private Long send(java.util.function.Function<String, HttpRequest.Builder> requestTo, int expected) {
        Instant giveUp = Instant.now().plus(patience);
        while (Instant.now().isBefore(giveUp) && !Thread.currentThread().isInterrupted()) {
            var request = requestTo.apply(orderServices.get(Math.floorMod(next.getAndIncrement(), orderServices.size())));
            try {
                var response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == expected) {
                    return JSON.readTree(response.body()).get("id").asLong();
                }
                if (response.statusCode() < 500) {
                    System.err.println(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
                    return null; // a client error is not cured by sending it again
                }
            }
            catch (IOException ex) {
                // no answer: connection refused or reset, or timed out; the same request again
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    /** One or two products, one to three units each. */
    private static List<Line> lines(Random random) {
        List<String> products = new ArrayList<>(PRODUCTS);
        Collections.shuffle(products, random);
        int count = 1 + random.nextInt(2);
        return products.subList(0, count).stream().sorted()
                .map(product -> new Line(product, 1 + random.nextInt(3))).toList();
    }

    private static String body(String customer, List<Line> lines) {
        String json = lines.stream()
                .map(line -> "{\"productId\":\"" + line.productId() + "\",\"quantity\":" + line.quantity() + "}")
                .collect(Collectors.joining(","));
        return "{\"customerId\":\"" + customer + "\",\"lines\":[" + json + "],"
                + "\"shippingAddress\":{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"US\"}}";
    }
}
