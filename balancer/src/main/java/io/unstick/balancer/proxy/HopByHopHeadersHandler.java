package io.unstick.balancer.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;

/**
 * Strips hop-by-hop headers (RFC 9110 7.6.1) in both directions: they describe one connection and must not be
 * forwarded. {@code Connection} and {@code Upgrade} survive on a WebSocket handshake, which needs them end to
 * end; message framing ({@code Transfer-Encoding}, {@code Content-Length}) is left to Undertow.
 */
public final class HopByHopHeadersHandler implements HttpHandler, ResponseCommitListener {

    private static final HttpString PROXY_CONNECTION = new HttpString("Proxy-Connection");
    private static final HttpString[] ALWAYS = {
            Headers.KEEP_ALIVE, PROXY_CONNECTION, Headers.PROXY_AUTHORIZATION, Headers.PROXY_AUTHENTICATE, Headers.TE,
            Headers.TRAILER};

    private final HttpHandler next;

    public HopByHopHeadersHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        strip(exchange.getRequestHeaders(), exchange.getRequestHeaders().contains(Headers.UPGRADE));
        exchange.addResponseCommitListener(this);
        next.handleRequest(exchange);
    }

    @Override
    public void beforeCommit(HttpServerExchange exchange) {
        strip(exchange.getResponseHeaders(), exchange.getStatusCode() == StatusCodes.SWITCHING_PROTOCOLS);
    }

    private static void strip(HeaderMap headers, boolean upgrade) {
        HeaderValues connection = headers.get(Headers.CONNECTION);
        if (connection != null) {
            for (String value : connection.toArray()) { // a copy: the loop removes headers
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty() && !(upgrade && name.equalsIgnoreCase("upgrade"))) {
                        headers.remove(name);
                    }
                }
            }
            if (!upgrade) {
                headers.remove(Headers.CONNECTION);
            }
        }
        for (HttpString name : ALWAYS) {
            headers.remove(name);
        }
        if (!upgrade) {
            headers.remove(Headers.UPGRADE);
        }
    }
}
