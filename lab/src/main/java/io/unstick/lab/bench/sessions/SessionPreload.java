package io.unstick.lab.bench.sessions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    private final String productId;
    private final Duration timeout;

    SessionPreload(HttpClient http, List<URI> nodes, String productId, Duration timeout) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.productId = productId;
        this.timeout = timeout;
    }

    /** Creates {@code count} sessions; returns how many requests failed (they made no session). */
    long create(long count) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        LongAdder failed = new LongAdder();
        String body = "{\"productId\":\"" + productId + "\",\"quantity\":1}";
        for (long i = 0; i < count; i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(nodes.get((int) (i % nodes.size())).resolve("/api/cart/items"))
                    .timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() != 200) {
                    failed.increment();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(IN_FLIGHT, timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("preloading sessions: requests still unanswered after " + timeout);
        }
        return failed.sum();
    }
}
