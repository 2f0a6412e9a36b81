package io.unstick.shop.session;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the read-modify-write of one session's attributes on this node. Striped, so memory stays
 * bounded however many sessions there are; two sessions rarely share a stripe, and then only wait briefly.
 * Requests of one session on different nodes are the session store's business, not this class's.
 */
public final class SessionLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public SessionLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public ReentrantLock forSession(String sessionId) {
        return stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
    }
}
