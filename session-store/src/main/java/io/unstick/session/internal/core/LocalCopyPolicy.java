package io.unstick.session.internal.core;

/**
 * When this node may use, keep or must drop its copy of a session: the whole local-copy policy of shared mode (no
 * copy outlives its requests) and hybrid mode ({@code localCache=true}: copies are kept and served without a store
 * read until another node changes the session, they idle past the session's lifetime, or the store no longer has
 * the session).
 */
public final class LocalCopyPolicy {

    /** Where a request's session comes from. */
    public enum Lookup {
        /** This node's kept copy, without a store read (a local cache hit). */
        SERVE_COPY,
        /**
         * The copy a running request of this node uses: requests of one node share one object, as in Tomcat. A
         * stale copy is not shared: it holds values another node replaced, or the changes of a refused commit.
         */
        SHARE_COPY_IN_USE,
        /** The store. */
        READ_STORE
    }

    private final boolean keepsCopies;
    private final boolean trustsCopies;

    /**
     * @param localCache  keep copies between requests (hybrid)
     * @param concurrency under {@code LOCK} a kept copy is never served without a store read: another node may
     *                    have changed the session under the lock moments ago
     */
    public LocalCopyPolicy(boolean localCache, Concurrency concurrency) {
        this.keepsCopies = localCache;
        this.trustsCopies = localCache && concurrency == Concurrency.MERGE;
    }

    /** Whether this node keeps copies between requests (and so asks the store to tell it of others' changes). */
    public boolean keepsCopies() {
        return keepsCopies;
    }

    /**
     * @param copy       this node's copy, or null
     * @param takingOver the request's cookie names another node's route: the session was served elsewhere since,
     *                   so only the store has its latest state
     */
    public Lookup lookup(LocalCopy copy, boolean takingOver) {
        if (copy == null) {
            return Lookup.READ_STORE;
        }
        if (trustsCopies && !takingOver && !copy.isStale()) {
            return Lookup.SERVE_COPY;
        }
        // A new request on a stale copy would read what the store no longer holds (CI saw a client, told 409,
        // read its refused value back from the refused request's copy before that request had ended).
        return copy.inUse() && !copy.isStale() ? Lookup.SHARE_COPY_IN_USE : Lookup.READ_STORE;
    }

    /** The last request using the copy ended. */
    public boolean keepAfterLastRequest(LocalCopy copy) {
        return keepsCopies && !copy.isStale();
    }

    /** A commit found that the store no longer holds the session (invalidated or expired elsewhere). */
    public boolean keepAfterCommit(boolean stillStored) {
        return stillStored;
    }

    /** Another node changed the stored session: the copy is stale; a request still using it keeps it till it ends. */
    public boolean dropWhenChangedElsewhere(LocalCopy copy) {
        return !copy.inUse();
    }

    /** The periodic sweep: copies nobody uses are dropped once they idled past the session's lifetime in the store. */
    public boolean dropOnSweep(LocalCopy copy, long idleMillis, int maxInactiveSeconds) {
        if (copy.inUse()) {
            return false;
        }
        if (!keepsCopies || copy.isStale()) {
            return true;
        }
        long lifetime = IdlePolicy.ttlMillis(maxInactiveSeconds);
        return lifetime > 0 && idleMillis > lifetime;
    }

    /** The store expired the session: its listeners may run on this copy only if it is current. */
    public boolean expireWithCopy(LocalCopy copy) {
        return !copy.isStale();
    }

    @Override
    public String toString() {
        return "LocalCopyPolicy[keepsCopies=" + keepsCopies + ", trustsCopies=" + trustsCopies + "]";
    }
}
