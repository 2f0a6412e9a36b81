package io.unstick.benchmarks.routing;

import io.unstick.balancer.config.BackendSpec;
import io.unstick.balancer.config.CookieSettings;
import io.unstick.balancer.config.HealthSettings;
import io.unstick.balancer.node.BoundClients;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.routing.AffinityCookieCodec;
import io.unstick.balancer.routing.NodeSelector;
import io.unstick.balancer.routing.RoutingEvents;
import io.unstick.balancer.routing.RoutingSpec;
import io.unstick.balancer.routing.RoutingStrategies;

import java.net.URI;
import java.time.Duration;

/** The balancer's routing as {@code Balancer} wires it, over three healthy nodes and without a network. */
final class ThreeNodes {

    static final CookieSettings COOKIE = new CookieSettings("Lax", Duration.ofMinutes(30), Duration.ofHours(8));
    private static final long BOUND_CLIENT_WINDOW_MILLIS = Duration.ofMinutes(30).toMillis();

    final AffinityCookieCodec codec = new AffinityCookieCodec("benchmark-secret-0123456789abcdef", COOKIE);
    final NodeRegistry registry = new NodeRegistry(spec -> new Node(spec, codec.routeIdFor(spec.name()),
            new NodeHealth(HealthSettings.defaults()), new BoundClients(BOUND_CLIENT_WINDOW_MILLIS)));
    private final RoutingStrategies strategies = new RoutingStrategies(codec, COOKIE, false);

    ThreeNodes() {
        for (int i = 1; i <= 3; i++) {
            registry.add(new BackendSpec("node" + i, URI.create("http://127.0.0.1:808" + i)));
        }
    }

    NodeSelector selector(String routing) {
        return new NodeSelector(registry, strategies.create(RoutingSpec.parse(routing)), RoutingEvents.NONE);
    }

    /** Empties every node's bound-client map, as its pruning would once the clients' window has passed. */
    void forgetAllClients() {
        for (Node node : registry.snapshot().nodes()) {
            node.boundClients().count(Long.MAX_VALUE);
        }
    }

    Node node(String name) {
        return registry.byName(name).orElseThrow();
    }

    /** A cookie value the balancer issued to a client of {@code node} a minute before {@code nowMillis}. */
    String issuedCookie(String node, long nowMillis) {
        long issued = nowMillis / 1000 - 60;
        String clientId = AffinityCookieCodec.newClientId(0x5eed_cafe_f00dL);
        return codec.encode(new AffinityCookieCodec.Token(node(node).routeId(), clientId, issued, issued));
    }
}
