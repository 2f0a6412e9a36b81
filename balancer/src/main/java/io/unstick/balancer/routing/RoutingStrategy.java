package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

/**
 * Decides which node a request belongs to; {@link NodeSelector} applies availability and failover on top,
 * and the proxy forwards. Implementations are stateless per request and never block or lock.
 */
public interface RoutingStrategy {

    /** The {@code UNSTICK_ROUTING} value this strategy implements. */
    RoutingSpec spec();

    /** Reads the request's affinity, if any. */
    Affinity affinity(HttpServerExchange exchange, NodeRegistry.Snapshot nodes, long nowMillis);

    /**
     * Picks a node for a request whose affinity is absent or unusable.
     *
     * @param candidates the nodes that accept new clients; never empty
     */
    Node choose(Affinity affinity, Node[] candidates);

    /** Called with the final choice, e.g. to (re)write an affinity cookie. */
    default void bind(HttpServerExchange exchange, Affinity affinity, Node chosen, long nowMillis) {
    }
}
