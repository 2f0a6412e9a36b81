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
    /** Whether the last choice was a last resort; written only when that changes, to log the change once. */
    private volatile boolean panicking;

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
     *   <li>when no node is up at all, the last resort (Envoy's panic mode, Undertow's "problem servers"): the
     *       same choice among the nodes marked down but not disabled, the bound one first, so that a blip that
     *       reached every node, or a health check that is wrong everywhere, costs no 503s; counted;</li>
     *   <li>null when no node can take the request (none, all disabled or all tried): the caller answers 503.</li>
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
        boolean lastResort = false;
        if (bound != null && isUsableForBoundClient(bound, affinity, tried, nowMillis)) {
            chosen = bound;
        } else {
            Node[] candidates = acceptingNewClients(nodes.nodes(), tried, nowMillis);
            if (candidates.length == 0 && !anyUp(nodes.nodes(), nowMillis)) {
                lastResort = true;
                if (bound != null && isUsableInLastResort(bound, affinity, tried)) {
                    chosen = bound;
                } else {
                    candidates = activeNotTried(nodes.nodes(), tried);
                    chosen = candidates.length == 0 ? null : current.choose(affinity, candidates);
                }
            } else {
                chosen = candidates.length == 0 ? null : current.choose(affinity, candidates);
            }
            if (chosen == null) {
                return null;
            }
            if (chosen != bound && wasDisplaced(bound, affinity, tried, nowMillis)) {
                bound.boundClients().forget(affinity.clientKey());
                events.redispatched(bound, chosen);
            } else if (affinity.staleRoute()) {
                events.redispatched(null, chosen);
            }
        }
        if (lastResort) {
            events.panicRouted(chosen);
        }
        if (lastResort != panicking) {
            panicking = lastResort;
            if (lastResort) {
                log.warn("no node is healthy: sending requests to the nodes marked down anyway (last resort) until one is back");
            } else {
                log.info("a node is healthy again: no more last-resort routing");
            }
        }
        if (affinity.clientKey() != null) {
            chosen.boundClients().touch(affinity.clientKey(), nowMillis);
        }
        current.bind(exchange, affinity, chosen, nowMillis);
        return chosen;
    }

    /** In the last resort health does not count; the operator's decisions still do. */
    private static boolean isUsableInLastResort(Node node, Affinity affinity, Node[] tried) {
        return !contains(tried, node) && node.adminState() != AdminState.DISABLED
                && (node.adminState() == AdminState.ACTIVE || affinity.established());
    }

    private static boolean anyUp(Node[] all, long now) {
        for (Node node : all) {
            if (node.adminState() != AdminState.DISABLED && node.health().isUp(now)) {
                return true;
            }
        }
        return false;
    }

    private static Node[] activeNotTried(Node[] all, Node[] tried) {
        return Arrays.stream(all).filter(n -> n.adminState() == AdminState.ACTIVE && !contains(tried, n)).toArray(Node[]::new);
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
