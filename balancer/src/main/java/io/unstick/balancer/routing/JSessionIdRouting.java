package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

/**
 * {@code jsessionid}: follows the jvmRoute suffix Tomcat appends to the session id. The balancer sets no
 * cookie; when the node is unavailable the client goes to the least-loaded node, which starts (or, with a
 * shared store, takes over) the session and rewrites the route itself.
 */
public final class JSessionIdRouting implements RoutingStrategy {

    private static final RoutingSpec SPEC = new RoutingSpec(RoutingSpec.Kind.JSESSIONID, null);
    private final LoadBalance balance = new LoadBalance();

    @Override
    public RoutingSpec spec() {
        return SPEC;
    }

    @Override
    public Affinity affinity(HttpServerExchange exchange, NodeRegistry.Snapshot nodes, long nowMillis) {
        String id = JSessionIds.fromRequest(exchange);
        if (id == null) {
            return Affinity.NONE;
        }
        String base = JSessionIds.base(id);
        String route = JSessionIds.route(id);
        if (route == null) {
            return Affinity.unbound(base);
        }
        Node node = nodes.byName().get(route);
        return node == null ? Affinity.stale(base, null) : Affinity.bound(base, node);
    }

    @Override
    public Node choose(Affinity affinity, Node[] candidates) {
        return balance.leastRequests(candidates);
    }
}
