package io.unstick.balancer.tls;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HttpString;

/**
 * Adds {@code Strict-Transport-Security: max-age=N} to every response on the HTTPS listener, unless the node set
 * its own. Never on plain HTTP, where browsers ignore it.
 */
public final class HstsHandler implements HttpHandler, ResponseCommitListener {

    private static final HttpString STRICT_TRANSPORT_SECURITY = new HttpString("Strict-Transport-Security");

    private final String value;
    private final HttpHandler next;

    public HstsHandler(long maxAgeSeconds, HttpHandler next) {
        if (maxAgeSeconds < 1) {
            throw new IllegalArgumentException("max-age must be positive: " + maxAgeSeconds);
        }
        this.value = "max-age=" + maxAgeSeconds;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if ("https".equals(exchange.getRequestScheme())) {
            exchange.addResponseCommitListener(this);
        }
        next.handleRequest(exchange);
    }

    @Override
    public void beforeCommit(HttpServerExchange exchange) {
        if (!exchange.getResponseHeaders().contains(STRICT_TRANSPORT_SECURITY)) {
            exchange.getResponseHeaders().put(STRICT_TRANSPORT_SECURITY, value);
        }
    }

    @Override
    public String toString() {
        return "hsts(" + value + ")";
    }
}
