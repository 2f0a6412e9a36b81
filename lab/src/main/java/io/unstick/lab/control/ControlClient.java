package io.unstick.lab.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code status}, {@code kill}, {@code stop} and {@code start} use to reach the running {@code up}. */
public final class ControlClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final StackPointer pointer;

    private ControlClient(StackPointer pointer) {
        this.pointer = pointer;
    }

    public static ControlClient connect(Path runsDir) {
        return new ControlClient(StackPointer.read(runsDir).orElseThrow(() ->
                new IllegalStateException("no stack is running (start one with ./unstick up)")));
    }

    public StackStatus status() {
        return call(HttpRequest.newBuilder(uri("/status")).GET());
    }

    public StackStatus act(String node, String action) {
        return call(HttpRequest.newBuilder(uri("/nodes/" + node + "/" + action)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + pointer.controlPort() + path);
    }

    private StackStatus call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                JsonNode error = json.readTree(response.body()).path("error");
                throw new IllegalStateException(error.isMissingNode() ? response.body() : error.asText());
            }
            return json.readValue(response.body(), StackStatus.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the running stack on port " + pointer.controlPort()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
