package io.unstick.balancer.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Refuses request bodies over the limit: a declared {@code Content-Length} over it gets 413 before anything is
 * read or forwarded; a chunked body is counted as it arrives and cut off with 413 when it crosses the limit.
 */
public final class RequestLimitHandler implements HttpHandler {

    private final long maxBodyBytes;
    private final FaultReporter reporter;
    private final HttpHandler next;

    public RequestLimitHandler(long maxBodyBytes, FaultReporter reporter, HttpHandler next) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.reporter = reporter;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            // Closing is the only way not to read (and forward) the oversized body.
            reporter.refuse(exchange, ClientFault.BODY_TOO_LARGE, "Content-Length " + declared + " over " + maxBodyBytes);
            return;
        }
        if (declared < 0 && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
            exchange.addRequestWrapper((factory, ex) -> new BodyLimitConduit(factory.create(), maxBodyBytes, reporter, ex));
        } else {
            exchange.setMaxEntitySize(maxBodyBytes);
        }
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "request-limit(max-body=" + maxBodyBytes + ")";
    }
}
