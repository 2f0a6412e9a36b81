package io.unstick.balancer.proxy;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors in one place. Any response the balancer itself ends without a body (Undertow's proxy sets only a
 * status) gets a short JSON body here: 503 with {@code Retry-After} when no node could take the request,
 * 502 when a backend failed after it was reached, 504 on a backend timeout, 413/431/400 for bad input.
 * An exception escaping a handler is logged once with its cause and answered 500, never with a stack trace.
 */
public final class ErrorResponseHandler implements HttpHandler, DefaultResponseListener {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponseHandler.class);
    static final String RETRY_AFTER_SECONDS = "1";
    private static final AttachmentKey<Boolean> ANSWERED = AttachmentKey.create(Boolean.class);

    private final HttpHandler next;

    public ErrorResponseHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(this);
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            log.error("internal error on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.toString(), e);
            if (!exchange.isResponseStarted()) {
                exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            }
            exchange.endExchange();
        }
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        if (!exchange.isResponseChannelAvailable() || exchange.getStatusCode() < 400 || exchange.getAttachment(ANSWERED) != null) {
            return false; // a backend's response, nothing wrong, or already answered (endExchange can call us again)
        }
        exchange.putAttachment(ANSWERED, Boolean.TRUE);
        int status = exchange.getStatusCode();
        if (RequestLimitHandler.bodyTooLarge(exchange)) {
            status = StatusCodes.REQUEST_ENTITY_TOO_LARGE; // the proxy saw a read failure; the cause is the client's body
            exchange.setStatusCode(status);
            exchange.setPersistent(false);
        } else if ((status == StatusCodes.SERVICE_UNAVAILABLE || status == StatusCodes.INTERNAL_SERVER_ERROR)
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
            case StatusCodes.REQUEST_ENTITY_TOO_LARGE -> "request body too large";
            case StatusCodes.INTERNAL_SERVER_ERROR -> "internal error in the balancer";
            default -> StatusCodes.getReason(status);
        };
        if (status == StatusCodes.SERVICE_UNAVAILABLE) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (status >= 500) {
            // Undertow's own proxy log is off (a stack trace per failed forward); this is the one line instead.
            Node node = BalancerProxyClient.nodeOf(exchange);
            log.warn("{} for {} {}: {}{}", status, exchange.getRequestMethod(), exchange.getRequestPath(), message,
                    node == null ? "" : " (node " + node.name() + ")");
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
        return true;
    }
}
