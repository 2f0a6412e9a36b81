package io.unstick.balancer.proxy;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.guard.ClientFault;
import io.unstick.balancer.guard.FaultReporter;
import io.unstick.balancer.guard.RequestBodyHandler;
import io.unstick.balancer.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Errors in one place. Any response the balancer itself ends without a body (Undertow's proxy sets only a
 * status) gets a short JSON body here: the client's faults with their own status (400, 408, 413, 417, 429, 501,
 * 505; see {@link ClientFault}), 503 with {@code Retry-After} when no node could take the request, 502 when a
 * backend failed after it was reached, 504 on a backend timeout. A client that went away gets nothing and is
 * counted as an abort, never against a node. An exception escaping a handler is logged once with its cause and
 * answered 500, never with a stack trace to the client.
 */
public final class ErrorResponseHandler implements HttpHandler, DefaultResponseListener {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponseHandler.class);
    static final String RETRY_AFTER_SECONDS = "1";
    private static final AttachmentKey<Boolean> ANSWERED = AttachmentKey.create(Boolean.class);

    private final FaultReporter reporter;
    private final long backendTimeoutNanos;
    private final HttpHandler next;

    /**
     * @param backendTimeoutNanos the proxy's whole-request deadline, to tell a client's late body from a slow node
     */
    public ErrorResponseHandler(FaultReporter reporter, long backendTimeoutNanos, HttpHandler next) {
        this.reporter = reporter;
        this.backendTimeoutNanos = backendTimeoutNanos;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.addDefaultResponseListener(this);
        invoke(next, exchange);
    }

    /**
     * A handler that runs {@code next} the way this one does, for the part of the chain that runs later from a
     * read listener (after the request body was read), outside this handler's call.
     */
    public static HttpHandler catching(HttpHandler next) {
        return exchange -> invoke(next, exchange);
    }

    private static void invoke(HttpHandler next, HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            log.error("internal error on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString(), e);
            if (!exchange.isResponseStarted()) {
                exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            }
            exchange.endExchange();
        }
    }

    /** Whether the balancer wrote this exchange's (error) response itself, rather than a node. */
    static boolean answeredByBalancer(HttpServerExchange exchange) {
        return exchange.getAttachment(ANSWERED) != null;
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        if (!exchange.isResponseChannelAvailable() || exchange.getAttachment(ANSWERED) != null) {
            return false; // a backend's response, or already answered (endExchange can call us again)
        }
        int status = exchange.getStatusCode();
        ClientFault fault = ClientFault.of(exchange);
        if (fault == null && status >= 500 && RequestBodyHandler.waitingForClient(exchange)
                && BalancerProxyClient.ranOutOfTime(exchange, backendTimeoutNanos)) {
            // The deadline passed while the node was still waiting for the client's body: the client's delay. (The
            // proxy closes the backend connection first, so this shows as a 503 or 500 as often as a 504.)
            reporter.record(exchange, ClientFault.BODY_TOO_SLOW, "the request ran out of time with its body still arriving");
            fault = ClientFault.BODY_TOO_SLOW;
        }
        if (fault != null) {
            return answerClientFault(exchange, fault);
        }
        if (status < 400) {
            return false;
        }
        exchange.putAttachment(ANSWERED, Boolean.TRUE);
        if ((status == StatusCodes.SERVICE_UNAVAILABLE || status == StatusCodes.INTERNAL_SERVER_ERROR)
                && BalancerProxyClient.reachedBackend(exchange)) {
            // Undertow's proxy says 503 (send failed) or 500 (reading the answer failed) without a response from
            // the backend; once a backend was reached, that is the backend's fault.
            status = StatusCodes.BAD_GATEWAY;
            exchange.setStatusCode(status);
        }
        String message = switch (status) {
            case StatusCodes.SERVICE_UNAVAILABLE -> "no backend node is available";
            case StatusCodes.BAD_GATEWAY -> "the backend node failed to answer";
            case StatusCodes.GATEWAY_TIME_OUT -> "the backend node did not answer in time";
            case StatusCodes.INTERNAL_SERVER_ERROR -> "internal error in the balancer";
            default -> StatusCodes.getReason(status);
        };
        if (status == StatusCodes.SERVICE_UNAVAILABLE) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (status >= 500) {
            // Undertow's own proxy log is off (a stack trace per failed forward); this is the one line instead.
            Node node = BalancerProxyClient.nodeOf(exchange);
            log.warn("{} for {} {}: {}{}", status, exchange.getRequestMethod(), exchange.getRequestURI(), message,
                    node == null ? "" : " (node " + node.name() + ")");
        }
        send(exchange, status, message);
        return true;
    }

    /** The client's fault: its own status, logged and counted where it was found, never a node's error. */
    private static boolean answerClientFault(HttpServerExchange exchange, ClientFault fault) {
        exchange.putAttachment(ANSWERED, Boolean.TRUE);
        exchange.setStatusCode(fault.status);
        if (!fault.answerable()) {
            IoUtils.safeClose(exchange.getConnection()); // it is gone; nothing to write
            return false;
        }
        if (fault.closesConnection || !exchange.isRequestComplete()) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, Headers.CLOSE.toString());
        }
        send(exchange, fault.status, fault.message);
        return true;
    }

    private static void send(HttpServerExchange exchange, int status, String message) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
    }
}
