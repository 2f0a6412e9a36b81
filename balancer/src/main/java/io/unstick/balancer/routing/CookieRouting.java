package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.server.handlers.CookieImpl;
import io.unstick.balancer.config.CookieSettings;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code cookie}: the balancer inserts its own signed {@code UNSTICK_ROUTE} cookie (see
 * {@link AffinityCookieCodec} for the format) and rewrites it when the client has to move.
 */
public final class CookieRouting implements RoutingStrategy {

    private static final RoutingSpec SPEC = new RoutingSpec(RoutingSpec.Kind.COOKIE, null);
    private static final AttachmentKey<Boolean> NEW_CLIENT = AttachmentKey.create(Boolean.class);

    private final AffinityCookieCodec codec;
    private final CookieSettings settings;
    private final LoadBalance balance = new LoadBalance();

    public CookieRouting(AffinityCookieCodec codec, CookieSettings settings) {
        this.codec = codec;
        this.settings = settings;
    }

    @Override
    public RoutingSpec spec() {
        return SPEC;
    }

    @Override
    public Affinity affinity(HttpServerExchange exchange, NodeRegistry.Snapshot nodes, long nowMillis) {
        String cookie = RequestCookies.value(exchange, AffinityCookieCodec.COOKIE_NAME);
        if (cookie == null) {
            return Affinity.unbound(newClientId());
        }
        ServerConnection connection = exchange.getConnection();
        VerifiedCookie last = connection == null ? null : connection.getAttachment(VerifiedCookie.KEY);
        AffinityCookieCodec.Decoded decoded = codec.decode(cookie, nowMillis / 1000, last == null ? null : last.value());
        if (connection != null && decoded.token() != null && (last == null || !last.value().equals(cookie))) {
            connection.putAttachment(VerifiedCookie.KEY, new VerifiedCookie(cookie));
        }
        if (decoded.token() == null) {
            return new Affinity(newClientId(), null, false, false, decoded.invalid(), null);
        }
        AffinityCookieCodec.Token token = decoded.token();
        Node node = nodes.byRouteId().get(token.routeId());
        return node == null ? Affinity.stale(token.clientId(), token)
                : new Affinity(token.clientId(), node, true, false, null, token);
    }

    @Override
    public Node choose(Affinity affinity, Node[] candidates) {
        return balance.leastRequests(candidates);
    }

    @Override
    public void bind(HttpServerExchange exchange, Affinity affinity, Node chosen, long nowMillis) {
        long now = nowMillis / 1000;
        AffinityCookieCodec.Token current = affinity.detail() instanceof AffinityCookieCodec.Token t ? t : null;
        if (current != null && current.routeId().equals(chosen.routeId()) && !codec.needsRefresh(current, now)) {
            return; // the client already holds a valid cookie for this node
        }
        if (current == null) {
            exchange.putAttachment(NEW_CLIENT, Boolean.TRUE);
        }
        long issued = current != null ? current.issuedSeconds() : now;
        String value = codec.encode(new AffinityCookieCodec.Token(chosen.routeId(), affinity.clientKey(), issued, now));
        exchange.setResponseCookie(new CookieImpl(AffinityCookieCodec.COOKIE_NAME, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSiteMode(settings.sameSite())
                .setSecure(settings.alwaysSecure() || ClientScheme.isHttps(exchange)));
    }

    /** Whether this exchange's response gives a client its first (valid) affinity cookie: a new client id. */
    public static boolean issuedNewClient(HttpServerExchange exchange) {
        return exchange.getAttachment(NEW_CLIENT) != null;
    }

    /** The last cookie value on a client connection whose signature checked out: the next request skips the HMAC. */
    private record VerifiedCookie(String value) {
        static final AttachmentKey<VerifiedCookie> KEY = AttachmentKey.create(VerifiedCookie.class);
    }

    private static String newClientId() {
        return AffinityCookieCodec.newClientId(ThreadLocalRandom.current().nextLong());
    }
}
