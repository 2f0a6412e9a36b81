package io.unstick.session.internal.hazelcast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions whose last write from this node has an unknown outcome: the call gave up at its deadline, or failed in a
 * way that does not say whether the owner applied it. Such a write may sit on its owner without its backup — a
 * member cut off from the others applies a write to its own partitions, then waits for a backup acknowledgement that
 * never comes. Until the others remove that member, a read through it sees the write; after the removal the others
 * serve the backup, without it. A read that answered from the unreplicated write would acknowledge what the cluster
 * then loses (CI saw a retry answered "already applied" on the cut-off node, and the item gone from the cart on the
 * others a second later), so this node confirms such a session's writes before it reads it again
 * ({@link ConfirmReplicated}).
 *
 * <p>Bounded: beyond {@value #MAX_SESSIONS} sessions the oldest tenth is forgotten (a node with that many writes in
 * doubt has lost its store for a while; the oldest are the least likely to be read before the cluster settles).
 */
final class UnconfirmedWrites {

    static final int MAX_SESSIONS = 10_000;

    /** Store key → the order in which its outcome became unknown. */
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();
    private final int maxSessions;

    UnconfirmedWrites() {
        this(MAX_SESSIONS);
    }

    UnconfirmedWrites(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** The last write to the session stored under {@code key} has an unknown outcome. */
    void unknownOutcome(String key) {
        keys.put(key, order.incrementAndGet());
        if (keys.size() > maxSessions) {
            long oldestKept = order.get() - maxSessions + maxSessions / 10;
            keys.values().removeIf(at -> at <= oldestKept);
        }
    }

    boolean inDoubt(String key) {
        return !keys.isEmpty() && keys.containsKey(key);
    }

    /** The session's writes are replicated: confirmed, or written successfully since. */
    void confirmed(String key) {
        if (!keys.isEmpty()) { // every successful write says so: usually nothing to look up
            keys.remove(key);
        }
    }

    int size() {
        return keys.size();
    }
}
