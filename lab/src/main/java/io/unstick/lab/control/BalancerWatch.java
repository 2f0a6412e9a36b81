package io.unstick.lab.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** Reads the balancer's view of its nodes ({@code GET /admin/nodes}) into one compact line. */
public final class BalancerWatch {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI nodes;

    public BalancerWatch(int adminPort) {
        this.nodes = URI.create("http://127.0.0.1:" + adminPort + "/admin/nodes");
    }

    /** e.g. {@code node1 UP 120 req · node2 DOWN 40 req · node3 UP 118 req}. */
    public String line() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(nodes).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "balancer admin answered " + response.statusCode();
            }
            StringBuilder line = new StringBuilder();
            for (JsonNode node : json.readTree(response.body())) {
                if (!line.isEmpty()) {
                    line.append(" · ");
                }
                line.append(node.path("name").asText()).append(' ').append(node.path("state").asText())
                        .append(' ').append(node.path("requests").asLong()).append(" req");
            }
            return line.toString();
        } catch (IOException e) {
            // a refused connection's ConnectException has no message: its type says what happened
            return "balancer unreachable (" + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName())
                    + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
