package io.unstick.lab.bench.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Which Tomcat session manager a node really runs, as its management {@code /health} names it
 * ({@code StandardManager}, {@code HazelcastSessionManager}, {@code DeltaManager}, {@code BackupManager},
 * {@code RedissonSessionManager}): the report says what was measured, not what was asked for.
 */
final class ManagerProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    ManagerProbe(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The node's {@code sessionManager}, or why it could not be read. */
    String managerOf(ManagedProcess node) throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + node.managementPort() + "/health");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String manager = JSON.readTree(answer.body()).path("sessionManager").asText("");
            return manager.isEmpty() ? "unknown (" + health + " names none)" : manager;
        } catch (IOException e) {
            return "unknown (" + health + ": " + e.getMessage() + ")";
        }
    }
}
