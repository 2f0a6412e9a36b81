package io.unstick.balancer.tls;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.util.function.IntSupplier;

/**
 * The plain listener's only answer when {@code UNSTICK_TLS_REDIRECT} is set: {@code 308} to the same URL on the
 * HTTPS listener (308, not 301: a POST stays a POST). Nothing is forwarded over plain HTTP; a body sent along is
 * not read, the connection closes after the answer.
 *
 * <pre>GET http://shop.example/cart?x=1  ->  308 Location: https://shop.example:8443/cart?x=1</pre>
 */
public final class HttpsRedirectHandler implements HttpHandler {

    private static final int DEFAULT_HTTPS_PORT = 443;

    private final IntSupplier httpsPort;

    /**
     * @param httpsPort the HTTPS listener's port once it is bound (a test binds port 0)
     */
    public HttpsRedirectHandler(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String host = exchange.getHostName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        int port = httpsPort.getAsInt();
        String query = exchange.getQueryString();
        String location = "https://" + host + (port == DEFAULT_HTTPS_PORT ? "" : ":" + port) + exchange.getRequestURI()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        exchange.setStatusCode(StatusCodes.PERMANENT_REDIRECT);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, "0");
        if (!exchange.isRequestComplete()) {
            exchange.setPersistent(false);
        }
        exchange.endExchange();
    }

    @Override
    public String toString() {
        return "https-redirect";
    }
}
