package io.unstick.balancer.routing;

import io.unstick.balancer.node.Node;

/** What routing observed and operators want counted; implemented by the metrics. */
public interface RoutingEvents {

    /** A presented affinity cookie was ignored; {@code reason} is malformed, bad-signature or expired. */
    void invalidCookie(String reason);

    /** A bound client was sent elsewhere because its node was unavailable or gone ({@code from} may be null). */
    void redispatched(Node from, Node to);

    /** No node was healthy, and the request was sent to {@code to} anyway (the last resort). */
    void panicRouted(Node to);

    RoutingEvents NONE = new RoutingEvents() {
        @Override
        public void invalidCookie(String reason) {
        }

        @Override
        public void redispatched(Node from, Node to) {
        }

        @Override
        public void panicRouted(Node to) {
        }
    };
}
