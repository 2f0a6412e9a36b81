package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.unstick.balancer.node.AdminState;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;

/**
 * "Which node": applies the current {@link RoutingStrategy}, node availability and failover. Forwarding is
 * someone else's job. The strategy can be switched at runtime; the switch is one volatile write.
 */
public final class NodeSelector {

    private static final Logger log = LoggerFactory.getLogger(NodeSelector.class);

    private final NodeRegistry registry;
    private final RoutingEvents events;
    private volatile RoutingStrategy strategy;

    public NodeSelector(NodeRegistry registry, RoutingStrategy strategy, RoutingEvents events) {
        this.registry = registry;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.events = events;
    }

    public RoutingStrategy strategy() {
        return strategy;
    }

    public void switchStrategy(RoutingStrategy next) {
        RoutingStrategy previous = strategy;
        strategy = Objects.requireNonNull(next, "strategy");
        log.info("routing switched from {} to {}", previous.spec(), next.spec());
    }

    /**
     * Chooses the node for a request, in this order:
     * <ol>
     *   <li>the node the client is bound to, if it is up, not disabled, not already tried for this request,
     *       and either active or draining with this client already bound to it;</li>
     *   <li>otherwise, among the nodes that are up, active and not yet tried, the strategy's choice for an
     *       unbound client (least in-flight, round robin, or the key's consistent-hash home); a bound client
     *       moved this way is counted as redispatched and, with cookies, rewritten to the new node;</li>
     *   <li>null when no node can take the request: the caller answers 503.</li>
     * </ol>
     *
     * @param tried nodes that already failed for this request (retries), may be empty
     */
    public Node select(HttpServerExchange exchange, Node[] tried, long nowMillis) {
        RoutingStrategy current = strategy;
        NodeRegistry.Snapshot nodes = registry.snapshot();
        Affinity affinity = current.affinity(exchange, nodes, nowMillis);
        if (affinity.invalidReason() != null) {
            events.invalidCookie(affinity.invalidReason());
        }
        Node bound = affinity.node();
        Node chosen;
        if (bound != null && isUsableForBoundClient(bound, affinity, tried, nowMillis)) {
            chosen = bound;
        } else {
            Node[] candidates = acceptingNewClients(nodes.nodes(), tried, nowMillis);
            if (candidates.length == 0) {
                return null;
            }
            chosen = current.choose(affinity, candidates);
            if (wasDisplaced(bound, affinity, tried, nowMillis)) {
                bound.boundClients().forget(affinity.clientKey());
                events.redispatched(bound, chosen);
            } else if (affinity.staleRoute()) {
                events.redispatched(null, chosen);
            }
        }
        if (affinity.clientKey() != null) {
            chosen.boundClients().touch(affinity.clientKey(), nowMillis);
        }
        current.bind(exchange, affinity, chosen, nowMillis);
        return chosen;
    }

    private static boolean isUsableForBoundClient(Node node, Affinity affinity, Node[] tried, long now) {
        return !contains(tried, node) && node.acceptsBoundClients(now)
                && (node.adminState() == AdminState.ACTIVE || affinity.established());
    }

    /**
     * A client is displaced when its node could not serve it: down, disabled, or failed this request.
     * A new client that merely hashes to a draining node is not displaced; it was never bound there.
     */
    private static boolean wasDisplaced(Node bound, Affinity affinity, Node[] tried, long now) {
        if (bound == null) {
            return false;
        }
        boolean merelyDraining = bound.adminState() == AdminState.DRAINING && !affinity.established()
                && bound.health().isUp(now) && !contains(tried, bound);
        return !merelyDraining;
    }

    private static Node[] acceptingNewClients(Node[] all, Node[] tried, long now) {
        int count = 0;
        Node[] out = new Node[all.length];
        for (Node node : all) {
            if (node.acceptsNewClients(now) && !contains(tried, node)) {
                out[count++] = node;
            }
        }
        return count == all.length ? out : Arrays.copyOf(out, count);
    }

    private static boolean contains(Node[] nodes, Node node) {
        for (Node n : nodes) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }
}
