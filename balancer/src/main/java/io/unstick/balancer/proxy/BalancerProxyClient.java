package io.unstick.balancer.proxy;

import io.undertow.client.UndertowClient;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.routing.NodeSelector;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Undertow's {@link ProxyClient} over our nodes: {@link #findTarget} asks the {@link NodeSelector} "which
 * node" (excluding nodes that already failed this request), {@link #getConnection} hands out a pooled
 * keep-alive connection to it. Undertow's ProxyHandler does the forwarding and calls {@code findTarget}
 * again for each retry it decides is safe.
 */
public final class BalancerProxyClient implements ProxyClient, NodeRegistry.Listener, AutoCloseable {

    /** Timers may fire a little early; a failure this close to the deadline is the deadline's. */
    private static final long DEADLINE_TOLERANCE_NANOS = 10_000_000;

    private final NodeSelector selector;
    private final ProxyEvents events;
    private final HealthEvents health;
    private final int maxConnectionsPerIoThread;
    private final UndertowClient client = UndertowClient.getInstance();
    private final ConcurrentHashMap<Node, BackendPool> pools = new ConcurrentHashMap<>();

    public BalancerProxyClient(NodeSelector selector, ProxyEvents events, HealthEvents health, int maxConnectionsPerIoThread) {
        this.selector = selector;
        this.events = events;
        this.health = health;
        this.maxConnectionsPerIoThread = maxConnectionsPerIoThread;
    }

    /** The node an exchange was last sent to, or null; for handlers that report per node. */
    public static Node nodeOf(HttpServerExchange exchange) {
        return ProxyAttempt.nodeOf(exchange);
    }

    /**
     * Whether the proxy gave up on the exchange because {@code deadlineNanos} passed since it was first forwarded
     * (Undertow's proxy then closes the backend connection, which may surface as a 502 rather than a 504).
     */
    public static boolean ranOutOfTime(HttpServerExchange exchange, long deadlineNanos) {
        long elapsed = ProxyAttempt.nanosSinceForwarding(exchange);
        return elapsed >= 0 && elapsed >= deadlineNanos - DEADLINE_TOLERANCE_NANOS;
    }

    /** Whether an exchange ever got a backend connection; a failure after that is a 502, not a 503. */
    public static boolean reachedBackend(HttpServerExchange exchange) {
        return ProxyAttempt.reachedBackend(exchange);
    }

    /** For a forwarder other than Undertow's: the exchange got a backend connection (a failure is now a 502). */
    public static void connected(HttpServerExchange exchange) {
        exchange.getAttachment(ProxyAttempt.KEY).connected = true;
    }

    /** For a forwarder other than Undertow's: this node's connect failure was reported already; don't count it twice. */
    public static void failureRecorded(HttpServerExchange exchange) {
        exchange.getAttachment(ProxyAttempt.KEY).failureRecorded = true;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        long now = System.currentTimeMillis();
        ProxyAttempt attempt = exchange.getAttachment(ProxyAttempt.KEY);
        if (attempt == null) {
            attempt = new ProxyAttempt(events, health);
            exchange.putAttachment(ProxyAttempt.KEY, attempt);
            exchange.addExchangeCompleteListener(attempt);
        } else if (attempt.node != null) {
            // Undertow only asks again after the previous node failed in a way it deems safe to retry.
            boolean alreadyRecorded = attempt.failureRecorded;
            Node failed = attempt.release();
            if (!alreadyRecorded) {
                failed.passiveFailure(now, health, "requests to it failed (reset or closed)");
            }
            events.retried(failed);
        }
        Node node = selector.select(exchange, attempt.tried, now);
        if (node == null) {
            return null;
        }
        attempt.assign(node);
        return attempt;
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
                              long timeout, TimeUnit timeUnit) {
        ProxyAttempt attempt = (ProxyAttempt) target;
        BackendPool pool = pools.get(attempt.node);
        if (pool == null) {
            // removed between findTarget and now: let Undertow retry elsewhere
            callback.failed(exchange);
            return;
        }
        attempt.delegateTo(callback);
        pool.pool().connect(target, exchange, attempt, timeout, timeUnit, false);
    }

    @Override
    public void nodeAdded(Node node) {
        pools.put(node, new BackendPool(node, maxConnectionsPerIoThread, client, health));
    }

    @Override
    public void nodeRemoved(Node node) {
        BackendPool pool = pools.remove(node);
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(BackendPool::close);
        pools.clear();
    }
}
