package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

import java.net.InetSocketAddress;

/**
 * {@code source-ip} and {@code header:NAME}: rendezvous hashing of a client key, so adding or removing a node
 * moves about 1/N of the clients. The key's home is computed over all registered nodes; when the home is
 * unavailable the key goes to its home among the available nodes, so it moves consistently too.
 */
public final class HashRouting implements RoutingStrategy {

    private final RoutingSpec spec;
    private final HttpString header;
    private final boolean trustForwarded;
    private final LoadBalance balance = new LoadBalance();

    private HashRouting(RoutingSpec spec, HttpString header, boolean trustForwarded) {
        this.spec = spec;
        this.header = header;
        this.trustForwarded = trustForwarded;
    }

    /**
     * @param trustForwarded take the client address from the first {@code X-Forwarded-For} entry, for a
     *                       balancer that itself sits behind a trusted proxy
     */
    public static HashRouting sourceIp(boolean trustForwarded) {
        return new HashRouting(new RoutingSpec(RoutingSpec.Kind.SOURCE_IP, null), null, trustForwarded);
    }

    public static HashRouting header(String name) {
        return new HashRouting(new RoutingSpec(RoutingSpec.Kind.HEADER, name), new HttpString(name), false);
    }

    @Override
    public RoutingSpec spec() {
        return spec;
    }

    @Override
    public Affinity affinity(HttpServerExchange exchange, NodeRegistry.Snapshot nodes, long nowMillis) {
        String key = header != null ? exchange.getRequestHeaders().getFirst(header) : clientAddress(exchange);
        if (key == null || key.isEmpty()) {
            return Affinity.NONE;
        }
        Node home = Rendezvous.owner(key, nodes.nodes());
        if (home == null) {
            return Affinity.unbound(key);
        }
        // Hashing binds every key; "already bound" (for draining) means the node actually served it lately.
        return new Affinity(key, home, home.boundClients().isBound(key, nowMillis), false, null, null);
    }

    @Override
    public Node choose(Affinity affinity, Node[] candidates) {
        return affinity.clientKey() == null ? balance.leastRequests(candidates)
                : Rendezvous.owner(affinity.clientKey(), candidates);
    }

    private String clientAddress(HttpServerExchange exchange) {
        if (trustForwarded) {
            String forwarded = exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_FOR);
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            }
        }
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? null : source.getAddress().getHostAddress();
    }
}
