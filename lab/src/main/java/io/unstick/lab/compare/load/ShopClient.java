package io.unstick.lab.compare.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One browser: its own HTTP/1.1 client with kept-alive connections and its own cookie jar, talking to the
 * shop through the balancer on loopback. Every request is timed and counted in the {@link Observations}.
 */
final class ShopClient {

    private static final String JSON = "application/json";

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Observations observations;
    /** The last request and its outcome, e.g. {@code POST /api/cart/items → 200 node3 12 ms}, for the shoppers' log. */
    private String last = "";

    ShopClient(URI base, Duration timeout, Executor executor, ObjectMapper json, Observations observations) {
        this.base = base;
        this.timeout = timeout;
        this.json = json;
        this.observations = observations;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .cookieHandler(cookies)
                .executor(executor)
                .build();
    }

    Reply get(String path) {
        return send(request(path).GET(), "");
    }

    /** A POST with a JSON body; {@code key}: its {@code Idempotency-Key}, or null for none. */
    Reply post(String path, Object body, String key) {
        return send(keyed(request(path), key).header("Content-Type", JSON).POST(bodyOf(body)), " " + body + keyNote(key));
    }

    /** A POST without a body, as checkout is. */
    Reply post(String path, String key) {
        return send(keyed(request(path), key).POST(HttpRequest.BodyPublishers.noBody()), keyNote(key));
    }

    Reply put(String path, Object body, String key) {
        return send(keyed(request(path), key).header("Content-Type", JSON).PUT(bodyOf(body)), " " + body + keyNote(key));
    }

    Reply delete(String path, String key) {
        return send(keyed(request(path), key).DELETE(), keyNote(key));
    }

    private static HttpRequest.Builder keyed(HttpRequest.Builder builder, String key) {
        return key == null ? builder : builder.header("Idempotency-Key", key);
    }

    /** The key's first characters in the shoppers' log: enough to follow one change through its retries. */
    private static String keyNote(String key) {
        return key == null ? "" : " key " + key.substring(0, Math.min(8, key.length()));
    }

    /**
     * The session id in the jar without its jvmRoute suffix ({@code ABC.node1} → {@code ABC}): a node with a
     * shared store taking a session over may change the suffix, which is not a new session.
     */
    String sessionId() {
        for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
            if ("JSESSIONID".equals(cookie.getName())) {
                String value = cookie.getValue();
                int dot = value.indexOf('.');
                return dot < 0 ? value : value.substring(0, dot);
            }
        }
        return null;
    }

    /** A new visitor on the same machine: an empty cookie jar, the same kept-alive connections. */
    void forgetCookies() {
        cookies.getCookieStore().removeAll();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", JSON);
    }

    private HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a request body: " + body, e);
        }
    }

    /** The last request and how it ended, as one phrase. */
    String last() {
        return last;
    }

    /** @param sent what the request body says, for the shoppers' log ({@code ""} without one) */
    private Reply send(HttpRequest.Builder builder, String sent) {
        long start = System.nanoTime();
        HttpRequest request = builder.build();
        String what = request.method() + " " + request.uri().getPath() + sent;
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            observations.failed("timeout", (System.nanoTime() - start) / 1_000);
            last = what + " → timeout after " + (System.nanoTime() - start) / 1_000_000 + " ms";
            return Reply.failed("timeout");
        } catch (IOException e) {
            observations.failed("io", (System.nanoTime() - start) / 1_000);
            last = what + " → " + e.getClass().getSimpleName() + " after " + (System.nanoTime() - start) / 1_000_000 + " ms";
            return Reply.failed("io");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failed("interrupted");
        }
        long micros = (System.nanoTime() - start) / 1_000;
        String node = response.headers().firstValue("X-Unstick-Node").orElse(null);
        JsonNode body = null;
        String failure = null;
        if (response.statusCode() / 100 == 2 && !response.body().isEmpty()) {
            try {
                body = json.readTree(response.body());
            } catch (JsonProcessingException e) {
                failure = "bad-body"; // a 2xx the shopper cannot read is a failed request, counted as such
            }
        }
        observations.answered(response.statusCode(), node, micros, failure == null);
        boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
        last = what + " → " + response.statusCode() + (replayed ? " replayed " : " ") + node + " " + micros / 1_000 + " ms";
        return new Reply(response.statusCode(), failure, node, body, errorOf(response), retryAfter(response));
    }

    /** The message of a JSON error body ({@code {"error": ...}}), or null. */
    private String errorOf(HttpResponse<String> response) {
        if (response.statusCode() < 400 || response.body().isEmpty()) {
            return null;
        }
        try {
            JsonNode error = json.readTree(response.body()).path("error");
            return error.isTextual() ? error.asText() : null;
        } catch (JsonProcessingException e) {
            return null; // not the shop's JSON (the balancer's own page): no message to read
        }
    }

    /** {@code Retry-After} in seconds (the form the shop and the balancer send), or null. */
    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,4}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }
}
