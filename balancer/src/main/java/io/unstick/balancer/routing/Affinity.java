package io.unstick.balancer.routing;

import io.unstick.balancer.node.Node;

/**
 * What a request says about where it belongs, before any availability is considered.
 *
 * @param clientKey     the client's affinity identity (counted in bound clients), or null without affinity
 * @param node          the node the request is bound to, or null
 * @param established   the client is known to be bound already (a valid cookie or session id; for hashing,
 *                      seen recently), so a draining node still takes it
 * @param staleRoute    the request named a node that no longer exists
 * @param invalidReason why a presented cookie was ignored ({@code malformed}, {@code bad-signature},
 *                      {@code expired}), or null
 * @param detail        what the strategy read, for its own {@link RoutingStrategy#bind}; may be null
 */
public record Affinity(String clientKey, Node node, boolean established, boolean staleRoute, String invalidReason,
                       Object detail) {

    public static final Affinity NONE = new Affinity(null, null, false, false, null, null);

    public static Affinity bound(String clientKey, Node node) {
        return new Affinity(clientKey, node, true, false, null, null);
    }

    /** The client has an identity but no (existing) node yet. */
    public static Affinity unbound(String clientKey) {
        return new Affinity(clientKey, null, false, false, null, null);
    }

    /** The client named a node that is not (any more) in the registry. */
    public static Affinity stale(String clientKey, Object detail) {
        return new Affinity(clientKey, null, false, true, null, detail);
    }
}
