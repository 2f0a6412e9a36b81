package io.unstick.balancer.support;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real backend on an ephemeral loopback port that behaves like a shop node where it matters:
 * {@code X-Unstick-Node} on every response, {@code GET /health}, Tomcat-style {@code JSESSIONID=<id>.<node>}.
 *
 * <pre>
 * /health           liveness: 200 {"status":"UP","node":...}, or 503 after {@link #healthy(boolean) healthy(false)}
 * /health/ready     readiness, what the balancer probes: 503 with a reason after healthy(false) or
 *                   {@link #ready(boolean) ready(false)}
 * /session          keeps a session it knows; issues JSESSIONID=&lt;id&gt;.&lt;node&gt; otherwise
 * /takeover         takes over the sent session, as a node with a shared store does: same id, its own route
 * /headers          the request headers as JSON
 * /upload           streams the body and answers its byte count; counts complete and broken uploads
 * /consume          reads the whole body without blocking a thread, then answers its length (as Tomcat reads a form)
 * /drop             closes the connection without answering
 * /slow?ms=N        answers after N ms, without blocking an IO thread
 * /ws               WebSocket echo: "&lt;node&gt;:&lt;message&gt;"
 * anything else     200, the node name
 * </pre>
 */
public final class TestBackend implements AutoCloseable {

    private final String name;
    private final Undertow server;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger uploadsCompleted = new AtomicInteger();
    private final AtomicInteger uploadsBroken = new AtomicInteger();
    private volatile boolean healthy = true;
    private volatile boolean ready = true;
    private volatile boolean running;

    public TestBackend(String name) {
        this.name = name;
        this.server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L) // the balancer's limits are under test, not ours
                .setHandler(handler())
                .build();
    }

    public static TestBackend start(String name) {
        TestBackend backend = new TestBackend(name);
        backend.server.start();
        backend.running = true;
        return backend;
    }

    public String name() {
        return name;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code name=url}, as in UNSTICK_BACKENDS. */
    public String spec() {
        return name + "=" + url();
    }

    /** Liveness and readiness together: a broken node. */
    public void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** Readiness alone, as a shop node in a minority says: alive, but not to be sent sessions. */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    /** Uploads whose body arrived complete. */
    public int uploadsCompleted() {
        return uploadsCompleted.get();
    }

    /** Uploads whose body broke off (the connection closed before its end). */
    public int uploadsBroken() {
        return uploadsBroken.get();
    }

    /** Every path this backend was asked for, for "nothing reached a backend" assertions. */
    public Set<String> hitPaths() {
        return Set.copyOf(hits.keySet());
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops listening and drops open connections, like a killed process. */
    @Override
    public void close() {
        if (running) {
            running = false;
            server.stop();
        }
    }

    private HttpHandler handler() {
        HttpHandler websocket = Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    WebSockets.sendText(name + ":" + message.getData(), ch, null);
                }
            });
            channel.resumeReceives();
        });
        return exchange -> {
            String path = exchange.getRequestPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().put(new HttpString("X-Unstick-Node"), name);
            switch (path) {
                case "/health" -> health(exchange);
                case "/health/ready" -> readiness(exchange);
                case "/session" -> session(exchange);
                case "/takeover" -> takeover(exchange);
                case "/headers" -> headers(exchange);
                case "/upload" -> upload(exchange);
                case "/consume" -> exchange.getRequestReceiver().receiveFullBytes(
                        (ex, body) -> ex.getResponseSender().send(Integer.toString(body.length)),
                        (ex, e) -> org.xnio.IoUtils.safeClose(ex.getConnection()));
                case "/drop" -> exchange.getConnection().close();
                case "/slow" -> slow(exchange);
                case "/ws" -> websocket.handleRequest(exchange);
                default -> exchange.getResponseSender().send(name);
            }
        };
    }

    private void health(HttpServerExchange exchange) {
        exchange.setStatusCode(healthy ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"status\":\"" + (healthy ? "UP" : "DOWN") + "\",\"node\":\"" + name + "\"}");
    }

    private void readiness(HttpServerExchange exchange) {
        boolean ok = healthy && ready;
        exchange.setStatusCode(ok ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"status\":\"" + (ok ? "UP" : "DOWN") + "\",\"node\":\"" + name + "\""
                + (ok ? "" : ",\"reason\":\"" + (healthy ? "member in a minority (test)" : "broken (test)") + "\"") + "}");
    }

    private void session(HttpServerExchange exchange) {
        Cookie sent = exchange.getRequestCookie("JSESSIONID");
        if (sent == null || !sessions.contains(sent.getValue())) {
            String id = UUID.randomUUID().toString().replace("-", "").toUpperCase() + "." + name;
            sessions.add(id);
            exchange.setResponseCookie(new CookieImpl("JSESSIONID", id).setPath("/").setHttpOnly(true));
        }
        exchange.getResponseSender().send(name);
    }

    private void takeover(HttpServerExchange exchange) {
        Cookie sent = exchange.getRequestCookie("JSESSIONID");
        String base = sent.getValue().substring(0, sent.getValue().lastIndexOf('.'));
        exchange.setResponseCookie(new CookieImpl("JSESSIONID", base + "." + name).setPath("/"));
        exchange.getResponseSender().send(name);
    }

    private void headers(HttpServerExchange exchange) {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HeaderValues values : exchange.getRequestHeaders()) {
            all.put(values.getHeaderName().toString(), String.join(" | ", values));
        }
        StringBuilder json = new StringBuilder("{");
        all.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json.append('}').toString());
    }

    private void upload(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::upload);
            return;
        }
        exchange.startBlocking();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = exchange.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (java.io.IOException e) {
            uploadsBroken.incrementAndGet();
            exchange.getConnection().close();
            return;
        }
        uploadsCompleted.incrementAndGet();
        exchange.getResponseSender().send(Long.toString(total));
    }

    private void slow(HttpServerExchange exchange) {
        long ms = Long.parseLong(exchange.getQueryParameters().get("ms").getFirst());
        exchange.dispatch(() -> exchange.getIoThread().executeAfter(
                () -> exchange.getResponseSender().send(name), ms, TimeUnit.MILLISECONDS));
    }
}
