package com.example.reliable.benchmarks.endtoend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.example.reliable.benchmarks.Latencies;

/**
 * A closed-loop load on {@code POST /orders}: {@code concurrency} clients, each sending its next
 * order as soon as the previous one was answered, until {@code orders} were sent or, for
 * {@link #placeFor}, until a duration has passed (a request under way then is still answered). Each request waits
 * at most {@code timeout}; a timed-out request is recorded at the timeout (its real latency is
 * longer), so the run always ends. Every order is one unit of SKU-1 to a fixed address.
 */
final class OrderClients {

    /** What the clients saw; {@code seconds} from the first request to the last answer. */
    record Outcome(int sent, int created, int serverErrors, int otherStatus, int timeouts, int ioErrors,
            Latencies latencies, double seconds) {

        String counts() {
            return created + "×201, " + serverErrors + "×5xx" + (otherStatus > 0 ? ", " + otherStatus + "×other" : "")
                    + (timeouts > 0 ? ", " + timeouts + " timed out" : "") + (ioErrors > 0 ? ", " + ioErrors + " I/O errors" : "");
        }
    }

    private OrderClients() {
    }

    static Outcome place(String orderService, int orders, int concurrency, Duration timeout) throws InterruptedException {
        return place(orderService, orders, Long.MAX_VALUE, concurrency, timeout);
    }

    /** Sends orders for {@code duration}: as many as the clients get answered in that time. */
    static Outcome placeFor(String orderService, Duration duration, int concurrency, Duration timeout)
            throws InterruptedException {
        return place(orderService, Integer.MAX_VALUE, System.nanoTime() + duration.toNanos(), concurrency, timeout);
    }

    private static Outcome place(String orderService, int orders, long deadline, int concurrency, Duration timeout)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(orderService + "/orders");
        var latencies = new Latencies();
        var next = new AtomicInteger();
        var created = new AtomicInteger();
        var serverErrors = new AtomicInteger();
        var other = new AtomicInteger();
        var timeouts = new AtomicInteger();
        var ioErrors = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int client = 0; client < concurrency; client++) {
            clients.execute(() -> {
                int i;
                while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < orders
                        && !Thread.currentThread().isInterrupted()) {
                    var request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body(i))).build();
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        latencies.recordNanos(System.nanoTime() - sent);
                        (status == 201 ? created : status >= 500 ? serverErrors : other).incrementAndGet();
                    }
                    catch (HttpTimeoutException ex) {
                        latencies.recordNanos(timeout.toNanos());
                        timeouts.incrementAndGet();
                    }
                    catch (IOException ex) {
                        latencies.recordNanos(System.nanoTime() - sent);
                        ioErrors.incrementAndGet();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        clients.shutdown();
        // Bounded: every request ends by its timeout; the margin covers connection set-up.
        long limit = deadline == Long.MAX_VALUE ? timeout.toMillis() * (orders / concurrency + 2) + 30_000
                : (deadline - start) / 1_000_000 + timeout.toMillis() + 30_000;
        if (!clients.awaitTermination(limit, TimeUnit.MILLISECONDS)) {
            clients.shutdownNow();
            throw new IllegalStateException("The clients did not finish within " + limit + " ms");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int sent = created.get() + serverErrors.get() + other.get() + timeouts.get() + ioErrors.get();
        return new Outcome(sent, created.get(), serverErrors.get(), other.get(), timeouts.get(),
                ioErrors.get(), latencies.snapshot(), seconds);
    }

    /** What an open-loop load did: offered at its rate, or skipped because too many were still under way. */
    record Offered(Outcome outcome, int skipped) {
    }

    /**
     * An open-loop load: one order every {@code 1/rate} seconds for {@code duration}, whether or not
     * the earlier ones were answered, as independent users would send them. At most
     * {@code maxOutstanding} requests are under way: an order due while that many wait is skipped
     * and counted (the intake fell behind), so that the load never queues up without bound.
     */
    static Offered offer(String orderService, double rate, Duration duration, int maxOutstanding, Duration timeout)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(orderService + "/orders");
        var latencies = new Latencies();
        var created = new AtomicInteger();
        var serverErrors = new AtomicInteger();
        var other = new AtomicInteger();
        var timeouts = new AtomicInteger();
        var ioErrors = new AtomicInteger();
        var outstanding = new Semaphore(maxOutstanding);
        int skipped = 0;
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            LockSupport.parkNanos(due - System.nanoTime());
            if (!outstanding.tryAcquire()) {
                skipped++;
                continue;
            }
            var request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(i))).build();
            long sent = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure == null) {
                    latencies.recordNanos(System.nanoTime() - sent);
                    int status = response.statusCode();
                    (status == 201 ? created : status >= 500 ? serverErrors : other).incrementAndGet();
                }
                else if (failure.getCause() instanceof HttpTimeoutException || failure instanceof HttpTimeoutException) {
                    latencies.recordNanos(timeout.toNanos());
                    timeouts.incrementAndGet();
                }
                else {
                    latencies.recordNanos(System.nanoTime() - sent);
                    ioErrors.incrementAndGet();
                }
                outstanding.release();
            });
        }
        // Bounded: every request ends by its timeout.
        if (!outstanding.tryAcquire(maxOutstanding, timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Requests still under way " + timeout.toSeconds() + " s after the load");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int sent = created.get() + serverErrors.get() + other.get() + timeouts.get() + ioErrors.get();
        return new Offered(new Outcome(sent, created.get(), serverErrors.get(), other.get(), timeouts.get(),
                ioErrors.get(), latencies.snapshot(), seconds), skipped);
    }

    private static String body(int i) {
        return "{\"customerId\":\"bench-" + i + "\",\"lines\":[{\"productId\":\"SKU-1\",\"quantity\":1}],"
                + "\"shippingAddress\":{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"postalCode\":\"12345\","
                + "\"country\":\"US\"}}";
    }
}
