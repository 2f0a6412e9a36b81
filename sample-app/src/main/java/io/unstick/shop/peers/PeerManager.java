package io.unstick.shop.peers;

import io.unstick.shop.Mode;

/**
 * {@code UNSTICK_SESSION_MANAGER}: a session manager users would pick instead of unstick's, which replaces the one
 * the mode chooses, so that {@code ./unstick bench sessions} and {@code ./unstick compare} can run the same shop on
 * it. These are lab comparison modes, not product modes: {@code UNSTICK_MODE} stays sticky, shared or hybrid, and
 * with a peer it only tells the balancer how to route (each peer accepts the routing its documentation asks for).
 *
 * <pre>
 * UNSTICK_MODE=sticky UNSTICK_SESSION_MANAGER=backup UNSTICK_TRIBES_PORT=4001 \
 *   UNSTICK_TRIBES_MEMBERS=127.0.0.1:4001,127.0.0.1:4002 java -jar unstick-shop.jar
 * UNSTICK_MODE=shared UNSTICK_SESSION_MANAGER=redis UNSTICK_REDIS_PORT=6379 java -jar unstick-shop.jar
 * </pre>
 */
public sealed interface PeerManager permits TribesReplication, RedisSessions {

    /** What {@code UNSTICK_SESSION_MANAGER} names it: {@code delta}, {@code backup} or {@code redis}. */
    String label();

    /**
     * Refuses a routing this configuration is not documented for.
     *
     * @throws IllegalArgumentException naming both variables
     */
    void requireRouting(Mode mode);

    /** The message of a refused routing. */
    static IllegalArgumentException wrongRouting(PeerManager peer, Mode mode, String needs) {
        return new IllegalArgumentException("UNSTICK_SESSION_MANAGER=" + peer.label() + " needs " + needs
                + ", but the mode was " + mode.label());
    }
}
