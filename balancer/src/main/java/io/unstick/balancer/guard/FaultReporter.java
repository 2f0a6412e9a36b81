package io.unstick.balancer.guard;

import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records, counts and logs what clients did wrong, in one place. Each fault is logged as one line without a
 * stack trace, and at most once a second per kind (with the number left out), so a flood of bad requests cannot
 * flood the log. Client aborts are routine (a browser cancels a navigation) and logged at DEBUG only.
 */
public final class FaultReporter {

    private static final Logger log = LoggerFactory.getLogger(FaultReporter.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_LOGGED_URI = 200;

    private final GuardEvents events;
    private final AtomicLongArray lastLogged = new AtomicLongArray(ClientFault.values().length);
    private final AtomicLongArray notLogged = new AtomicLongArray(ClientFault.values().length);

    public FaultReporter(GuardEvents events) {
        this.events = events;
    }

    /**
     * Answers the request with the fault's status now; the error handler writes the JSON body and closes the
     * connection where {@link ClientFault#closesConnection} says so.
     */
    public void refuse(HttpServerExchange exchange, ClientFault fault, String detail) {
        record(exchange, fault, detail);
        if (!exchange.isResponseStarted()) {
            exchange.setStatusCode(fault.status);
            if (fault.closesConnection || !exchange.isRequestComplete()) {
                exchange.setPersistent(false); // before endExchange: an unread body is then not drained
            }
        }
        exchange.endExchange();
    }

    /** Records the fault on the exchange (first cause wins), counts it and logs it; the caller ends the exchange. */
    public void record(HttpServerExchange exchange, ClientFault fault, String detail) {
        if (!fault.recordOn(exchange)) {
            return;
        }
        events.clientFault(fault);
        if (fault == ClientFault.ABORTED) {
            if (log.isDebugEnabled()) {
                log.debug("client {} went away during {} {}: {}", client(exchange), exchange.getRequestMethod(), uri(exchange), detail);
            }
            return;
        }
        if (!shouldLog(fault)) {
            return;
        }
        long skipped = notLogged.getAndSet(fault.ordinal(), 0);
        log.info("refused {} {} from {} with {} ({}): {}{}", exchange.getRequestMethod(), uri(exchange), client(exchange),
                fault.status, fault.label, detail, skipped == 0 ? "" : " [" + skipped + " more like it since the last line]");
    }

    /** A connection refused before any request (an HTTP/2 connection over the per-client limit): counted and logged. */
    public void refusedConnection(ClientFault fault, String address) {
        events.clientFault(fault);
        if (shouldLog(fault)) {
            log.info("refused a connection from {} ({}): {}", address, fault.label, fault.message);
        }
    }

    /** At most one line a second per kind of fault; the others are counted into the next line. */
    private boolean shouldLog(ClientFault fault) {
        long now = System.nanoTime();
        int i = fault.ordinal();
        long last = lastLogged.get(i);
        if (last != 0 && now - last < LOG_INTERVAL_NANOS || !lastLogged.compareAndSet(i, last, now)) {
            notLogged.incrementAndGet(i);
            return false;
        }
        return true;
    }

    /** The raw request target, which cannot hold CR or LF (the parser refuses them), shortened. */
    private static String uri(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        return uri.length() <= MAX_LOGGED_URI ? uri : uri.substring(0, MAX_LOGGED_URI) + "...";
    }

    private static String client(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? "unknown" : source.getAddress().getHostAddress();
    }
}
