package io.unstick.balancer.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Refuses request bodies over the limit: a declared {@code Content-Length} over it gets 413 before anything is
 * forwarded; a chunked body is counted as it streams and cut off with 413 when it crosses the limit.
 */
public final class RequestLimitHandler implements HttpHandler {

    private final long maxBodyBytes;
    private final HttpHandler next;

    public RequestLimitHandler(long maxBodyBytes, HttpHandler next) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            // Closing is the only way not to read (and forward) the oversized body.
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            exchange.setPersistent(false);
            exchange.setStatusCode(StatusCodes.REQUEST_ENTITY_TOO_LARGE);
            exchange.endExchange();
            return;
        }
        if (declared < 0 && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
            exchange.addRequestWrapper((factory, ex) -> new BodyLimitConduit(factory.create(), maxBodyBytes, ex));
        } else {
            exchange.setMaxEntitySize(maxBodyBytes);
        }
        next.handleRequest(exchange);
    }

    /** True if the exchange's streamed body crossed the limit (the failure is then the client's: 413). */
    public static boolean bodyTooLarge(HttpServerExchange exchange) {
        return exchange.getAttachment(BodyLimitConduit.TOO_LARGE) != null;
    }

    @Override
    public String toString() {
        return "request-limit(max-body=" + maxBodyBytes + ")";
    }
}
