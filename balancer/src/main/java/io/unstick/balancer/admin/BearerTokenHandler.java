package io.unstick.balancer.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <UNSTICK_ADMIN_TOKEN>} on every admin call; 401 otherwise.
 * The comparison is constant-time so the token cannot be guessed byte by byte from response times.
 */
final class BearerTokenHandler implements HttpHandler {

    private final byte[] expected;
    private final HttpHandler next;

    BearerTokenHandler(String token, HttpHandler next) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"unstick-admin\"");
            Json.error(exchange, StatusCodes.UNAUTHORIZED, "missing or wrong bearer token");
            return;
        }
        next.handleRequest(exchange);
    }
}
