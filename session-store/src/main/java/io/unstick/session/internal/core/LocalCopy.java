package io.unstick.session.internal.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's copy of a session: how many requests use it now, and whether another node changed the stored
 * session since it was loaded (a stale copy is never served again). What follows from that is
 * {@link LocalCopyPolicy}'s decision.
 */
public final class LocalCopy {

    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean stale;

    public void requestStarted() {
        requests.incrementAndGet();
    }

    /** @return true when no request uses the copy any more */
    public boolean requestEnded() {
        return requests.decrementAndGet() <= 0;
    }

    public boolean inUse() {
        return requests.get() > 0;
    }

    public void markStale() {
        stale = true;
    }

    public boolean isStale() {
        return stale;
    }
}
