package io.unstick.lab.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unstick.lab.stack.LocalStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Lets {@code ./unstick status|kill|start|stop} in another terminal act on the stack that {@code up} owns,
 * so every process, even one started again by hand, stays a child of {@code up} and stops with it.
 * Listens on a loopback port written to the stack's pointer file.
 *
 * <pre>
 * GET  /status                      the stack's {@link StackStatus}
 * POST /nodes/{name}/kill|stop|start
 * </pre>
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final HttpServer server;
    private final LocalStack stack;
    private final ObjectMapper json = new ObjectMapper();

    public ControlServer(LocalStack stack) {
        this.stack = stack;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lab's control port", e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "lab-control")));
        server.createContext("/status", this::status);
        server.createContext("/nodes/", this::node);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void status(HttpExchange exchange) throws IOException {
        respond(exchange, 200, StackStatus.of(stack));
    }

    private void node(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 4) {
            respond(exchange, 404, Map.of("error", "use POST /nodes/{name}/kill|stop|start"));
            return;
        }
        String name = parts[2];
        try {
            switch (parts[3]) {
                case "kill" -> stack.kill(name);
                case "stop" -> stack.stop(name);
                case "start" -> stack.start(name, Duration.ofSeconds(90));
                default -> {
                    respond(exchange, 404, Map.of("error", "unknown action '" + parts[3] + "'; use kill, stop or start"));
                    return;
                }
            }
            respond(exchange, 200, StackStatus.of(stack));
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.warn("{} {} refused: {}", parts[3], name, e.getMessage());
            respond(exchange, 409, Map.of("error", e.getMessage()));
        }
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
