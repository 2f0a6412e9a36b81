package io.unstick.balancer.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import io.undertow.util.AttachmentKey;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests in flight on one HTTP/2 connection. Undertow (2.3) advertises
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} but does not enforce it on what it receives, so a client that ignores the
 * setting could open any number of streams on one connection, each holding a request body being buffered and,
 * later, a backend connection. A stream over the cap is answered {@code 429} at once and never forwarded (RFC 9113
 * §5.1.2 lets a server refuse it); it is counted as {@code http2-streams}. A well-behaved client never sees this.
 * HTTP/1.x exchanges pass untouched: one connection carries one request at a time.
 */
public final class Http2StreamLimitHandler implements HttpHandler {

    /** Kept on the connection: Undertow keeps an HTTP/2 connection's attachments on its shared channel. */
    private static final AttachmentKey<AtomicInteger> IN_FLIGHT = AttachmentKey.create(AtomicInteger.class);

    private final int maxStreams;
    private final FaultReporter reporter;
    private final HttpHandler next;

    public Http2StreamLimitHandler(int maxStreams, FaultReporter reporter, HttpHandler next) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
        this.maxStreams = maxStreams;
        this.reporter = reporter;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!(exchange.getConnection() instanceof Http2ServerConnection connection)) {
            next.handleRequest(exchange);
            return;
        }
        // the streams of one connection are dispatched by its IO thread, one at a time: no race on first use
        AtomicInteger inFlight = connection.getAttachment(IN_FLIGHT);
        if (inFlight == null) {
            inFlight = new AtomicInteger();
            connection.putAttachment(IN_FLIGHT, inFlight);
        }
        AtomicInteger counter = inFlight;
        int streams = counter.incrementAndGet();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            counter.decrementAndGet();
            nextListener.proceed();
        });
        if (streams > maxStreams) {
            reporter.refuse(exchange, ClientFault.HTTP2_STREAMS, streams + " streams in flight on one connection, at most "
                    + maxStreams + " (SETTINGS_MAX_CONCURRENT_STREAMS)");
            return;
        }
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "http2-stream-limit(" + maxStreams + ")";
    }
}
