package io.unstick.session.internal.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Store keys that were recently looked up and not found, so that a client repeating an unknown or forged session id
 * does not cost a remote store read per request (memcached-session-manager keeps such a cache of invalid ids too).
 * Bounded in size (the oldest entry goes first) and in lifetime: a key is remembered for {@code lifetimeMillis} after
 * its miss, so a session that does appear under it later — which, for ids drawn at random, only a session created
 * or renamed with that id elsewhere could do — is hidden for at most that long. This node forgets a key as soon as it
 * registers a session under it itself.
 *
 * <pre>
 * missed("k") at t=0        remembered until t=lifetime
 * isRecentMiss("k") before t=lifetime    true: answer "no such session" without a store read
 * size bound reached        the oldest miss is forgotten first
 * </pre>
 */
public final class RecentMisses {

    private final int maxEntries;
    private final long lifetimeMillis;
    private final LongSupplier clock;
    /** Store key → when it missed; insertion order is miss order, so the eldest is the first to expire. */
    private final LinkedHashMap<String, Long> missedAt = new LinkedHashMap<>();

    /**
     * @param maxEntries     at most this many keys are remembered; 0 turns the cache off
     * @param lifetimeMillis how long a miss is remembered; 0 turns the cache off
     */
    public RecentMisses(int maxEntries, long lifetimeMillis, LongSupplier clock) {
        if (maxEntries < 0 || lifetimeMillis < 0) {
            throw new IllegalArgumentException("the not-found cache's size and lifetime must be >= 0");
        }
        this.maxEntries = maxEntries;
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
    }

    private boolean off() {
        return maxEntries == 0 || lifetimeMillis == 0;
    }

    /** True when {@code key} missed less than the lifetime ago. */
    public boolean isRecentMiss(String key) {
        if (off()) {
            return false;
        }
        synchronized (missedAt) {
            Long at = missedAt.get(key);
            if (at == null) {
                return false;
            }
            if (clock.getAsLong() - at < lifetimeMillis) {
                return true;
            }
            missedAt.remove(key);
            return false;
        }
    }

    /** The store had no session under {@code key}. */
    public void missed(String key) {
        if (off()) {
            return;
        }
        long now = clock.getAsLong();
        synchronized (missedAt) {
            missedAt.remove(key); // re-inserted last: the order stays the order of the misses
            missedAt.put(key, now);
            Iterator<Map.Entry<String, Long>> eldest = missedAt.entrySet().iterator();
            while (eldest.hasNext()) {
                Map.Entry<String, Long> entry = eldest.next();
                if (missedAt.size() <= maxEntries && now - entry.getValue() < lifetimeMillis) {
                    break;
                }
                eldest.remove();
            }
        }
    }

    /** A session now lives under {@code key} (this node created, loaded or renamed one to it). */
    public void forget(String key) {
        if (off()) {
            return;
        }
        synchronized (missedAt) {
            missedAt.remove(key);
        }
    }

    /** Keys remembered now (expired ones may still be counted until the next miss sweeps them). */
    public int size() {
        synchronized (missedAt) {
            return missedAt.size();
        }
    }
}
