package io.unstick.shop.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unstick.shop.ShopConfig;
import io.unstick.shop.metrics.ShopMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A node's management listener, apart from the public one: {@code GET /metrics} (Prometheus text) and
 * {@code GET /health} (what the node is doing, in detail). Bound to loopback unless configured otherwise, on
 * {@code UNSTICK_MANAGEMENT_PORT}, which the balancer never forwards to.
 *
 * <p>A separate small server (the JDK's, as the lab's control port and Prometheus' own exporter use) rather than a
 * second Tomcat connector: a connector would share the public one's engine and context, so only a check on every
 * request would keep {@code /metrics} — and its encoded variants — off the public port; here it is simply not there.
 * It has its own two threads, so a node whose request threads are all busy (a flood) can still be scraped, and it
 * outlives Tomcat during a graceful stop, so the drain can be watched.
 *
 * <pre>
 * try (ManagementServer management = ManagementServer.start(config.management(), metrics, health)) {
 *     // curl http://127.0.0.1:{management.port()}/metrics
 * }
 * </pre>
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final ShopMetrics metrics;
    private final Supplier<NodeHealth> health;
    private final ObjectMapper json = new ObjectMapper();

    private ManagementServer(HttpServer server, ExecutorService threads, ShopMetrics metrics, Supplier<NodeHealth> health) {
        this.server = server;
        this.threads = threads;
        this.metrics = metrics;
        this.health = health;
    }

    public static ManagementServer start(ShopConfig.Management config, ShopMetrics metrics, Supplier<NodeHealth> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 16);
        } catch (IOException e) {
            throw new IllegalStateException("the management listener could not bind " + config.bindAddress() + ":"
                    + config.port() + " (UNSTICK_MANAGEMENT_BIND_ADDRESS, UNSTICK_MANAGEMENT_PORT): " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "shop-management");
            thread.setDaemon(true);
            return thread;
        });
        ManagementServer management = new ManagementServer(server, threads, metrics, health);
        server.setExecutor(threads);
        server.createContext("/", management::handle);
        server.start();
        return management;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "application/json", error(method + " is not allowed here; use GET"));
                return;
            }
            switch (path) {
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                case "/health" -> {
                    NodeHealth now = health.get();
                    respond(exchange, now.status().equals("UP") ? 200 : 503, "application/json",
                            json.writeValueAsString(now));
                }
                default -> respond(exchange, 404, "application/json", error("no such management endpoint: " + path
                        + "; there are /metrics and /health"));
            }
        } catch (RuntimeException e) {
            log.error("management request {} failed", exchange.getRequestURI(), e);
        }
    }

    private String error(String message) throws IOException {
        return json.writeValueAsString(Map.of("error", message));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
