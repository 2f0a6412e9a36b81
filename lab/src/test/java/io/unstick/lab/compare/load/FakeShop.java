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
 * (what a killed node does to its in-memory sessions) and one that splits the store in two copies answering in turn
 * (what a split cluster does). Tomcat-like: {@code JSESSIONID=<id>.fake}, a new id on login.
 *
 * <p>Changes honour {@code Idempotency-Key} as the shop does: a key the session has seen is answered (the cart as
 * it is, or the order it placed) and not applied again. Two more switches break answers, not state: one answers a
 * keyed change 503 after applying it (a store whose backup did not confirm in time), one answers a login 502 after
 * renaming the session (a node that died before its answer left), so the new id never reaches the shopper.
 *
 * <p>After the split every session exists in both copies (created and renamed in both), but its cart is changed
 * only in the copy that answers; a session's requests go to the two copies in turn, so each shopper sees its
 * cart flip between them whatever the other shoppers do (alternating all requests instead made what one shopper
 * saw depend on the timing of the others, and the test flaky).
 */
final class FakeShop implements AutoCloseable {

    private record Session(long createdAt, Map<String, Integer> cart, String[] username, Map<String, Object> keys) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** After a split: the other copy, which answers every other request of a session. */
    private Map<String, Session> otherCopy;
    /** After a split: requests per session id, whose parity picks the copy that answers. */
    private final Map<String, Integer> turns = new ConcurrentHashMap<>();
    private final HttpServer server;
    /** Every other keyed change that is new is applied and answered 503. */
    private boolean unconfirmedChanges;
    private int newKeys;
    /** Logins are applied and answered 502 without the new id. */
    private boolean lostLoginAnswers;
    private int replays;

    FakeShop() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized void answerChangesUnconfirmed() {
        unconfirmedChanges = true;
    }

    synchronized void loseLoginAnswers() {
        lostLoginAnswers = true;
    }

    /** Keyed requests answered from the key: retries of changes that had been made. */
    synchronized int replays() {
        return replays;
    }

    synchronized void forgetAllSessions() {
        sessions.clear();
    }

    /** From now on two copies of every session, each changed on its own, answer requests in turn. */
    synchronized void splitBrain() {
        otherCopy = new ConcurrentHashMap<>();
        sessions.forEach((id, session) -> otherCopy.put(id, copyOf(session)));
    }

    private static Session copyOf(Session session) {
        return new Session(session.createdAt(), new LinkedHashMap<>(session.cart()), session.username().clone(),
                new LinkedHashMap<>(session.keys()));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String id = sessionId(exchange);
        if (otherCopy != null && id != null && turns.merge(id, 1, Integer::sum) % 2 == 0) {
            swapCopies();
        }
        try {
            answer(exchange, path, method, id);
        } finally {
            if (otherCopy != null && id != null && turns.get(id) % 2 == 0) {
                swapCopies();
            }
        }
    }

    private void swapCopies() {
        Map<String, Session> next = otherCopy;
        otherCopy = sessions;
        sessions = next;
    }

    private void answer(HttpExchange exchange, String path, String method, String id) throws IOException {
        Session session = id == null ? null : sessions.get(id);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Object answer;
        int status = 200;
        if (key != null && session != null && session.keys().containsKey(key)) {
            replays++;
            Object order = session.keys().get(key);
            send(exchange, 200, order != null ? order : cartView(session.cart()));
            return;
        }
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
            if (key != null && status == 200) {
                session.keys().put(key, null);
                status = unconfirmed(status);
            }
        } else if (path.equals("/api/login")) {
            String username = json.readTree(exchange.getRequestBody()).path("username").asText();
            if (session == null) {
                id = newSession(exchange);
                session = sessions.get(id);
            }
            String changed = UUID.randomUUID().toString().replace("-", "");
            sessions.put(changed, sessions.remove(id));
            if (otherCopy != null && otherCopy.containsKey(id)) {
                otherCopy.put(changed, otherCopy.remove(id));
                otherCopy.get(changed).username()[0] = username;
            }
            session.username()[0] = username;
            if (lostLoginAnswers) {
                send(exchange, 502, Map.of("error", "bad gateway"));
                return;
            }
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + changed + ".fake; Path=/");
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
                if (key != null) {
                    session.keys().put(key, answer);
                    status = unconfirmed(status);
                }
            }
        } else {
            status = 404;
            answer = Map.of("error", "unknown");
        }
        send(exchange, status, status == 503 ? Map.of("error", "the change may or may not have been applied") : answer);
    }

    /** Every other new key's change, while answering changes unconfirmed: made, and answered 503. */
    private int unconfirmed(int status) {
        if (unconfirmedChanges && newKeys++ % 2 == 0) {
            return 503;
        }
        return status;
    }

    private void send(HttpExchange exchange, int status, Object answer) throws IOException {
        byte[] body = json.writeValueAsBytes(answer);
        if (status == 503) {
            exchange.getResponseHeaders().add("Retry-After", "0");
        }
        exchange.getResponseHeaders().add("X-Unstick-Node", "fake");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String newSession(HttpExchange exchange) {
        String id = UUID.randomUUID().toString().replace("-", "");
        sessions.put(id, new Session(System.nanoTime(), new LinkedHashMap<>(), new String[1], new LinkedHashMap<>()));
        if (otherCopy != null) {
            otherCopy.put(id, copyOf(sessions.get(id)));
        }
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
