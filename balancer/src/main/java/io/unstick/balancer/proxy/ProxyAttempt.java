package io.unstick.balancer.proxy;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.StatusCodes;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;

import java.util.Arrays;

/**
 * The forwarding state of one exchange across retries: the node it is on, the nodes that already failed,
 * whether a backend connection was ever obtained (a later failure is then a 502, not a 503). One object
 * per request, attached to the exchange; it also is the proxy target, the connection callback and the
 * completion listener, so forwarding allocates nothing else of ours.
 */
final class ProxyAttempt implements ProxyClient.ProxyTarget, ProxyCallback<ProxyConnection>, ExchangeCompletionListener {

    static final AttachmentKey<ProxyAttempt> KEY = AttachmentKey.create(ProxyAttempt.class);
    private static final Node[] NONE = new Node[0];

    private final ProxyEvents events;
    private final HealthEvents health;
    private final long startNanos = System.nanoTime();
    Node node;
    Node[] tried = NONE;
    boolean connected;
    /** The pool already reported this node's connect failure; don't count it twice. */
    boolean failureRecorded;
    private ProxyCallback<ProxyConnection> delegate;

    ProxyAttempt(ProxyEvents events, HealthEvents health) {
        this.events = events;
        this.health = health;
    }

    /** The node the current request was sent to, or null. */
    static Node nodeOf(HttpServerExchange exchange) {
        ProxyAttempt attempt = exchange.getAttachment(KEY);
        return attempt == null ? null : attempt.node;
    }

    /** Nanoseconds since the exchange was first handed to the proxy, or -1 if it never was. */
    static long nanosSinceForwarding(HttpServerExchange exchange) {
        ProxyAttempt attempt = exchange.getAttachment(KEY);
        return attempt == null ? -1 : System.nanoTime() - attempt.startNanos;
    }

    /** True if a backend connection was obtained: a failure after that is the backend's (502). */
    static boolean reachedBackend(HttpServerExchange exchange) {
        ProxyAttempt attempt = exchange.getAttachment(KEY);
        return attempt != null && attempt.connected;
    }

    void assign(Node next) {
        node = next;
        next.requestStarted();
    }

    /** The current node failed; it is excluded from the rest of this request. */
    Node release() {
        Node failed = node;
        failed.requestEnded();
        tried = Arrays.copyOf(tried, tried.length + 1);
        tried[tried.length - 1] = failed;
        node = null;
        return failed;
    }

    void delegateTo(ProxyCallback<ProxyConnection> callback) {
        this.delegate = callback;
        this.failureRecorded = false;
    }

    @Override
    public void completed(HttpServerExchange exchange, ProxyConnection result) {
        connected = true;
        delegate.completed(exchange, result);
    }

    @Override
    public void failed(HttpServerExchange exchange) {
        failureRecorded = true; // the pool has called handleError for this connect failure
        delegate.failed(exchange);
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange exchange) {
        delegate.couldNotResolveBackend(exchange);
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange exchange) {
        delegate.queuedRequestFailed(exchange);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        try {
            if (node != null) {
                node.requestEnded();
                if (connected && !ErrorResponseHandler.answeredByBalancer(exchange)) {
                    node.health().recordResponse(); // the node answered: a run of connection failures is broken
                } else if (connected && exchange.getStatusCode() == StatusCodes.BAD_GATEWAY) {
                    // the last node tried failed too (earlier ones were reported as they were retried)
                    node.passiveFailure(System.currentTimeMillis(), health, "requests to it failed (reset or closed)");
                }
            }
            events.completed(exchange, node, System.nanoTime() - startNanos);
        } finally {
            nextListener.proceed();
        }
    }
}
