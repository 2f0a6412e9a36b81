package io.unstick.balancer.forward;

import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

import java.util.concurrent.ConcurrentHashMap;

/** A {@link ConnectionPool} per node, following the registry as nodes come and go. */
public final class BackendPools implements NodeRegistry.Listener, AutoCloseable {

    private final HealthEvents health;
    private final int maxPerThread;
    private final ConcurrentHashMap<Node, ConnectionPool> pools = new ConcurrentHashMap<>();

    /**
     * @param maxPerThread keep-alive connections per node and IO thread ({@code UNSTICK_BACKEND_MAX_CONNECTIONS})
     */
    public BackendPools(HealthEvents health, int maxPerThread) {
        this.health = health;
        this.maxPerThread = maxPerThread;
    }

    /** The node's pool, or null if the node was removed. */
    ConnectionPool of(Node node) {
        return pools.get(node);
    }

    @Override
    public void nodeAdded(Node node) {
        pools.put(node, new ConnectionPool(node, health, maxPerThread));
    }

    @Override
    public void nodeRemoved(Node node) {
        ConnectionPool pool = pools.remove(node);
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(ConnectionPool::close);
        pools.clear();
    }
}
