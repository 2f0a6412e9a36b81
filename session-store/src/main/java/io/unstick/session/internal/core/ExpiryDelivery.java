package io.unstick.session.internal.core;

/**
 * Who delivers an expiry. The store expires a session on its own clock and every node hears of it; each builds
 * the session to expire (its current copy, else one from the record's last state), then claims the expiry in the
 * store: exactly one claim wins cluster-wide, and only that node runs {@code sessionDestroyed} and
 * {@code valueUnbound}. Building comes first, so that a node that cannot build the session (a class it lacks)
 * leaves the expiry to another.
 */
public final class ExpiryDelivery {

    /** This node's side of an expiry: its copies, and how it builds and expires a session. */
    public interface Copies<S> {

        /** This node's copy of the session stored under {@code key}, or null. */
        S copyOf(String key);

        LocalCopy state(S copy);

        /** A session built from the record, known to no one else. */
        S detached(SessionRecord record);

        /** Forgets the copy, without any event. */
        void drop(S copy);

        /** Runs the session's destroyed events (the store has already removed it). */
        void expire(S session);
    }

    private final SessionStore store;
    private final LocalCopyPolicy policy;
    private final Counters counters;
    private final String node;

    public ExpiryDelivery(SessionStore store, LocalCopyPolicy policy, Counters counters, String node) {
        this.store = store;
        this.policy = policy;
        this.counters = counters;
        this.node = node;
    }

    /**
     * @param record the expired session's last state
     * @return true when this node delivered the expiry
     */
    public <S> boolean deliver(SessionRecord record, Copies<S> copies) {
        String key = record.id();
        S copy = copies.copyOf(key);
        boolean withCopy = copy != null && policy.expireWithCopy(copies.state(copy));
        S session = withCopy ? copy : copies.detached(record);
        boolean ours = store.claimExpiry(key, node);
        if (copy != null && !(ours && withCopy)) {
            copies.drop(copy); // expiring the copy below removes it by itself
        }
        if (ours) {
            counters.sessionExpired();
            copies.expire(session);
        }
        return ours;
    }
}
