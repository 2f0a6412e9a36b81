package io.unstick.balancer.proxy;

import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Pooled keep-alive connections to one node (Undertow's {@link ProxyConnectionPool}), wired to the node's
 * health: a connect failure counts toward marking it down ({@link io.unstick.balancer.node.NodeHealth}).
 * Recovery is left to the health checker, so the pool's own reconnect loop is off.
 */
final class BackendPool implements ConnectionPoolManager {

    /** Idle connections are closed before a Tomcat backend's default 20 s keep-alive would close them under us. */
    private static final long IDLE_CONNECTION_TTL_MILLIS = 15_000;
    private static final int MAX_QUEUED_PER_IO_THREAD = 1024;

    private final Node node;
    private final int maxConnections;
    private final HealthEvents events;
    private final ProxyConnectionPool pool;

    BackendPool(Node node, int maxConnectionsPerIoThread, UndertowClient client, HealthEvents events) {
        this.node = node;
        this.maxConnections = maxConnectionsPerIoThread;
        this.events = events;
        this.pool = new ProxyConnectionPool(this, node.url(), client,
                OptionMap.builder().set(Options.TCP_NODELAY, true).getMap());
    }

    ProxyConnectionPool pool() {
        return pool;
    }

    void close() {
        pool.close();
    }

    @Override
    public boolean isAvailable() {
        return node.health().isUp();
    }

    @Override
    public boolean handleError() {
        node.passiveFailure(System.currentTimeMillis(), events, "cannot connect to " + node.url());
        return false;
    }

    @Override
    public boolean clearError() {
        return true;
    }

    @Override
    public int getProblemServerRetry() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return maxConnections;
    }

    @Override
    public int getMaxCachedConnections() {
        return maxConnections;
    }

    @Override
    public int getSMaxConnections() {
        return 0;
    }

    @Override
    public long getTtl() {
        return IDLE_CONNECTION_TTL_MILLIS;
    }

    @Override
    public int getMaxQueueSize() {
        return MAX_QUEUED_PER_IO_THREAD;
    }
}
