package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The shop's JSON API in a few lines, on a free loopback port, with a switch that forgets every session at once
 * (what a killed node does to its in-memory sessions). Tomcat-like: {@code JSESSIONID=<id>.fake}, a new id on login.
 */
final class FakeShop implements AutoCloseable {

    private record Session(long createdAt, Map<String, Integer> cart, String[] username) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final HttpServer server;

    FakeShop() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void forgetAllSessions() {
        sessions.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String id = sessionId(exchange);
        Session session = id == null ? null : sessions.get(id);
        Object answer;
        int status = 200;
        if (path.equals("/api/products")) {
            answer = List.of(Map.of("id", "mug"), Map.of("id", "tea"), Map.of("id", "scale"));
        } else if (path.equals("/api/cart") || path.equals("/api/cart/items") && method.equals("POST")
                || path.startsWith("/api/cart/items/")) {
            if (!path.equals("/api/cart") && session == null) {
                id = newSession(exchange);
                session = sessions.get(id);
            }
            Map<String, Integer> cart = session == null ? Map.of() : session.cart();
            if (method.equals("POST")) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                cart.merge(body.path("productId").asText(), body.path("quantity").asInt(), Integer::sum);
            } else if (method.equals("PUT")) {
                cart.put(path.substring(path.lastIndexOf('/') + 1), json.readTree(exchange.getRequestBody()).path("quantity").asInt());
            } else if (method.equals("DELETE") && cart.remove(path.substring(path.lastIndexOf('/') + 1)) == null) {
                status = 404;
            }
            answer = cartView(cart);
        } else if (path.equals("/api/login")) {
            String username = json.readTree(exchange.getRequestBody()).path("username").asText();
            if (session == null) {
                id = newSession(exchange);
                session = sessions.get(id);
            }
            sessions.remove(id);
            String changed = UUID.randomUUID().toString().replace("-", "");
            sessions.put(changed, session);
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + changed + ".fake; Path=/");
            session.username()[0] = username;
            answer = view(session);
        } else if (path.equals("/api/session")) {
            if (session == null) {
                id = newSession(exchange);
                session = sessions.get(id);
            }
            answer = view(session);
        } else if (path.equals("/api/checkout")) {
            if (session == null || session.cart().isEmpty()) {
                status = 409;
                answer = Map.of("error", "the cart is empty");
            } else {
                answer = Map.of("orderId", "o1", "items", cartView(session.cart()).get("items"));
                session.cart().clear();
            }
        } else {
            status = 404;
            answer = Map.of("error", "unknown");
        }
        byte[] body = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("X-Unstick-Node", "fake");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String newSession(HttpExchange exchange) {
        String id = UUID.randomUUID().toString().replace("-", "");
        sessions.put(id, new Session(System.nanoTime(), new LinkedHashMap<>(), new String[1]));
        exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + id + ".fake; Path=/");
        return id;
    }

    private static Map<String, Object> cartView(Map<String, Integer> cart) {
        return Map.of("items", cart.entrySet().stream()
                .map(e -> Map.of("productId", e.getKey(), "quantity", e.getValue())).toList());
    }

    private static Map<String, Object> view(Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("createdOn", "fake");
        view.put("createdAt", session.createdAt());
        view.put("username", session.username()[0]);
        return view;
    }

    private static String sessionId(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair[0].equals("JSESSIONID") && pair.length == 2) {
                    return pair[1].substring(0, pair[1].indexOf('.'));
                }
            }
        }
        return null;
    }
}
