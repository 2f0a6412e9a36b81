package io.unstick.balancer.node;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct clients bound to a node and seen within a window (the session idle time): what an operator
 * watches to know a drain is complete.
 *
 * <p>A client key is the affinity identity: the cookie's client id, the session id, the hashed address or
 * header. {@link #touch} is a lock-free map write; expired entries are pruned lazily when counted.
 */
public final class BoundClients {

    /** Per-client refreshes closer than this are skipped, to keep the hot path to one map read. */
    private static final long TOUCH_GRANULARITY_MILLIS = 1_000;

    private final long windowMillis;
    private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();

    public BoundClients(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public void touch(String clientKey, long nowMillis) {
        Long previous = lastSeen.get(clientKey);
        if (previous == null || nowMillis - previous >= TOUCH_GRANULARITY_MILLIS) {
            lastSeen.put(clientKey, nowMillis);
        }
    }

    /** True if the client was seen on this node within the window. */
    public boolean isBound(String clientKey, long nowMillis) {
        Long seen = lastSeen.get(clientKey);
        return seen != null && nowMillis - seen < windowMillis;
    }

    /** A client that moved to another node is no longer bound here. */
    public void forget(String clientKey) {
        lastSeen.remove(clientKey);
    }

    /** Distinct clients seen within the window; drops the expired ones as it goes. */
    public int count(long nowMillis) {
        lastSeen.values().removeIf(seen -> nowMillis - seen >= windowMillis);
        return lastSeen.size();
    }
}
