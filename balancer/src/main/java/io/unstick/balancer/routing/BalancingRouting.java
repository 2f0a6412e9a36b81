package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

/** {@code round-robin} and {@code least-requests}: no affinity, every request placed on its own. */
public final class BalancingRouting implements RoutingStrategy {

    private final RoutingSpec spec;
    private final LoadBalance balance = new LoadBalance();

    public BalancingRouting(RoutingSpec spec) {
        if (spec.kind() != RoutingSpec.Kind.ROUND_ROBIN && spec.kind() != RoutingSpec.Kind.LEAST_REQUESTS) {
            throw new IllegalArgumentException("not a balancing strategy: " + spec);
        }
        this.spec = spec;
    }

    @Override
    public RoutingSpec spec() {
        return spec;
    }

    @Override
    public Affinity affinity(HttpServerExchange exchange, NodeRegistry.Snapshot nodes, long nowMillis) {
        return Affinity.NONE;
    }

    @Override
    public Node choose(Affinity affinity, Node[] candidates) {
        return spec.kind() == RoutingSpec.Kind.ROUND_ROBIN ? balance.roundRobin(candidates) : balance.leastRequests(candidates);
    }
}
