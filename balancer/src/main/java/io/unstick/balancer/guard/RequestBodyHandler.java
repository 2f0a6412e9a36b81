package io.unstick.balancer.guard;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

/**
 * Reads request bodies before a node is chosen, as nginx does by default, so that a slow client never holds a
 * backend connection while it trickles:
 * <ul>
 *   <li>a body of up to {@code bufferBytes} is read completely into memory first; then the request goes on to
 *       routing and forwarding and is sent to the node in one go;</li>
 *   <li>a larger body is read up to that size first, then streamed;</li>
 *   <li>the balancer waits for a body at most {@code timeout} plus one second per {@code minBytesPerSecond} bytes
 *       received (Apache httpd's {@code mod_reqtimeout} rule); time in which a slow node does not take the
 *       streamed body is not counted. A client that falls behind gets 408 and its connection is closed; a
 *       streamed body's backend request is cut off and never completes;</li>
 *   <li>{@code Expect: 100-continue} is answered here, and the node never sees the header.</li>
 * </ul>
 * Requests without a body pass straight through.
 */
public final class RequestBodyHandler implements HttpHandler {

    private final RequestBody.Settings settings;
    private final HttpHandler next;

    /**
     * @param next the rest of the chain; it may run later, from a read listener, so it must handle its own
     *             exceptions
     */
    public RequestBodyHandler(int bufferBytes, long timeoutMillis, long minBytesPerSecond, FaultReporter reporter,
                              HttpHandler next) {
        if (bufferBytes < 1 || timeoutMillis < 1 || minBytesPerSecond < 1) {
            throw new IllegalArgumentException("buffer size, timeout and minimum rate must be positive");
        }
        this.settings = new RequestBody.Settings(bufferBytes, timeoutMillis, minBytesPerSecond, reporter, next);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isRequestComplete()) {
            exchange.getRequestHeaders().remove(Headers.EXPECT); // nothing to continue with
            next.handleRequest(exchange);
            return;
        }
        RequestBody body = new RequestBody(exchange, settings);
        exchange.dispatch(SameThreadExecutor.INSTANCE, body);
    }

    /**
     * True if the request's body is in memory, read to its end: none at all, or one this handler read completely
     * (it is then read again from the exchange's request channel without waiting for the client).
     */
    public static boolean bodyInMemory(HttpServerExchange exchange) {
        return exchange.isRequestComplete() || RequestBody.heldWhole(exchange);
    }

    /**
     * True if the balancer was waiting for the client's body when the request ran out of time: the delay is the
     * client's (408), not the node's (504).
     */
    public static boolean waitingForClient(HttpServerExchange exchange) {
        return RequestBody.waitingForClient(exchange);
    }

    @Override
    public String toString() {
        return "request-body(buffer=" + settings.bufferBytes() + ", timeout=" + settings.timeoutMillis()
                + "ms, min-rate=" + settings.minBytesPerSecond() + "B/s)";
    }
}
