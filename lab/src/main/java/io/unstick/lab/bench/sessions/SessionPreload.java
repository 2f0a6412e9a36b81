package io.unstick.lab.bench.sessions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fills the session store with live sessions the way shoppers do, only faster: one cart add without a cookie
 * per session (Tomcat creates the session, the store writes it), many requests in flight at once, straight to
 * the nodes in turn. No bench-only path in the shop: every preloaded session took the production code path.
 */
final class SessionPreload {

    private static final int IN_FLIGHT = 128;

    private final HttpClient http;
    private final List<URI> nodes;
    private final Duration timeout;
    private final String body;

    SessionPreload(HttpClient http, List<URI> nodes, String productId, Duration timeout) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.timeout = timeout;
        this.body = "{\"productId\":\"" + productId + "\",\"quantity\":1}";
    }

    /** Creates {@code count} sessions; returns how many requests failed (they made no session). */
    long create(long count) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        LongAdder failed = new LongAdder();
        // Blocking sends on threads of our own: sendAsync completes each answer on the CompletableFuture default
        // pool, which starts a thread per answer where the common pool has one thread (2 CPUs or fewer).
        ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "bench-preload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int t = 0; t < IN_FLIGHT; t++) {
                senders.execute(() -> {
                    try {
                        for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            if (!created(i)) {
                                failed.increment();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // stopped: the preload has failed already
                    }
                });
            }
            senders.shutdown();
            // every request has its own timeout, so the senders finish; the bound only guards against a bug
            long boundMillis = (count / IN_FLIGHT + 1) * (timeout.toMillis() + 1_000);
            if (!senders.awaitTermination(boundMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("preloading sessions: still sending after " + boundMillis + " ms");
            }
        } finally {
            senders.shutdownNow();
        }
        return failed.sum();
    }

    private boolean created(long i) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(nodes.get((int) (i % nodes.size())).resolve("/api/cart/items"))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
