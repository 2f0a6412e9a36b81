package io.unstick.lab.compare.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The balancer's admin API on loopback, as an operator uses it during a fault: node states, bound clients,
 * drain/enable, and the session-reset counter of {@code GET /metrics}.
 */
public final class BalancerAdmin {

    /** The balancer's count of responses that set a new JSESSIONID for a client that sent one. */
    public static final String SESSION_RESETS_METRIC = "unstick_session_resets_total";

    /** Generous: on a small machine under load the balancer's first scrape can take seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int GET_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;

    public BalancerAdmin(int adminPort) {
        this.base = URI.create("http://127.0.0.1:" + adminPort);
    }

    /** One node as {@code GET /admin/nodes} shows it. */
    public record NodeView(String name, String state, long requests, long boundClients) {
    }

    public List<NodeView> nodes() {
        List<NodeView> nodes = new ArrayList<>();
        for (JsonNode node : readJson(send(HttpRequest.newBuilder(base.resolve("/admin/nodes")).GET()))) {
            nodes.add(new NodeView(node.path("name").asText(), node.path("state").asText(),
                    node.path("requests").asLong(), node.path("boundClients").asLong()));
        }
        return nodes;
    }

    public NodeView node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the balancer does not know " + name));
    }

    public void drain(String name) {
        post(name, "drain");
    }

    public void enable(String name) {
        post(name, "enable");
    }

    /** Waits until the balancer shows the node in this state (e.g. {@code UP} after a restart). */
    public void awaitState(String name, String state, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String now;
        while (!(now = node(name).state()).equals(state)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the balancer still shows " + name + " " + now + ", not " + state
                        + ", after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Sum of {@value #SESSION_RESETS_METRIC} over all nodes, read from the Prometheus text. The balancer registers
     * the counter of a node at its first reset (a login's id change counts), so before any it is absent: 0. A
     * renamed metric would read 0 throughout, which the compare IT's cross-check with the shoppers' count catches.
     */
    public long sessionResets() {
        String text = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET());
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(SESSION_RESETS_METRIC + "{") || line.startsWith(SESSION_RESETS_METRIC + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    private void post(String name, String action) {
        // The balancer refuses writes without this header (a web page cannot send it cross-site).
        send(HttpRequest.newBuilder(base.resolve("/admin/nodes/" + name + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(built);
            } catch (UncheckedIOException e) {
                // A read may be tried again; a drain or enable is not replayed blindly.
                if (!built.method().equals("GET") || attempt == GET_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private String sendOnce(HttpRequest built) {
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(built.method() + " " + built.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
        }
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the balancer's admin API answered something that is not JSON: " + body, e);
        }
    }
}
