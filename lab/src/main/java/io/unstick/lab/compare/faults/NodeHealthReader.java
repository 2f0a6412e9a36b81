package io.unstick.lab.compare.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A shop node's detailed {@code GET /health} on its management port (loopback, never behind the balancer), e.g.
 * {@code {"status":"UP","node":"node1","mode":"shared","sessionManager":"HazelcastSessionManager",
 * "activeSessions":12,"clusterSafe":true}}.
 */
public final class NodeHealthReader {

    /** Short: a node that cannot answer its own health in this time is not safe to lose a neighbour. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * What a node said about itself.
     *
     * @param status      {@code UP}, {@code DOWN}, or what went wrong asking (e.g. {@code no answer: ...})
     * @param reason      why it is DOWN, if it said
     * @param clusterSafe its session store's cluster-safety flag; null when it has none (sticky) or did not answer
     * @param storeTimeoutMs its session store's {@code storeTimeoutMs}; null when it has none or did not answer
     */
    public record Health(String status, String reason, Boolean clusterSafe, Long storeTimeoutMs) {

        public boolean safe() {
            return "UP".equals(status) && Boolean.TRUE.equals(clusterSafe);
        }

        public String describe() {
            return status + (reason == null ? "" : " (" + reason + ")") + ", clusterSafe " + clusterSafe;
        }
    }

    public Health read(int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health"))
                .timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(response.body());
            JsonNode safe = body.path("clusterSafe");
            JsonNode timeout = body.path("storeTimeoutMs");
            return new Health(body.path("status").asText("HTTP " + response.statusCode()),
                    body.path("reason").isTextual() ? body.path("reason").asText() : null,
                    safe.isBoolean() ? safe.asBoolean() : null, timeout.canConvertToLong() ? timeout.asLong() : null);
        } catch (IOException e) {
            return new Health("no answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health("interrupted", null, null, null);
        }
    }
}
