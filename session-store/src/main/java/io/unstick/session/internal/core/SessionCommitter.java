package io.unstick.session.internal.core;

import java.lang.System.Logger.Level;

/**
 * Saves what requests changed in a session: plans the delta ({@link EndOfRequest}), writes it in one store call,
 * and records what the store now holds. A commit that changed nothing writes nothing, except a refresh of the
 * store's idle clock at most once per slack ({@link IdlePolicy}). A failed write puts the changes back, so the
 * session's next commit tries again, unless its request is answered 503 at once ({@link #commitOrDrop}). Changes
 * dropped unwritten while the session object keeps their values (refused, or given up) make every later commit of
 * that object refuse: a request that may have read them is never acknowledged.
 */
public final class SessionCommitter {

    private static final System.Logger LOG = System.getLogger(SessionCommitter.class.getName());

    private final SessionStore store;
    private final EndOfRequest endOfRequest;
    private final Counters counters;
    private final String node;

    public SessionCommitter(SessionStore store, EndOfRequest endOfRequest, Counters counters, String node) {
        this.store = store;
        this.endOfRequest = endOfRequest;
        this.counters = counters;
        this.node = node;
    }

    /** What became of a commit. */
    public enum Outcome {
        /** Written, or nothing to write. */
        SAVED,
        /** The store no longer holds the session (invalidated or expired elsewhere meanwhile); nothing written. */
        GONE,
        /**
         * Refused, nothing written: another request changed an attribute this one changes since this one's copy read
         * it (no stale overwrite). The changes are dropped; the request must not be acknowledged.
         */
        STALE
    }

    /**
     * Commits one session.
     *
     * @throws RuntimeException when the store failed; the changes stay pending
     */
    public Outcome commit(LiveSession session) {
        return commit(session, false);
    }

    /**
     * Commits one session for a request answered 503 at once if the store fails: its changes are then dropped, not
     * kept for the next commit (the client retries, or not, knowing the outcome is unknown), and every other request
     * sharing the session object is refused at its commit ({@link RequestChanges#dropped}).
     *
     * @throws RuntimeException when the store failed
     */
    public Outcome commitOrDrop(LiveSession session) {
        return commit(session, true);
    }

    private Outcome commit(LiveSession session, boolean dropOnStoreFailure) {
        // Requests of this node that share the session object commit one after the other, and never while its id
        // changes: a request may start before the previous one's commit returns (Tomcat's FORM authenticator sends
        // the login page before the request ends).
        synchronized (session) {
            if (!session.isLive()) {
                return Outcome.SAVED; // invalidated in this request: the store entry is already gone
            }
            RequestChanges.Dropped dropped = session.changes().dropped();
            if (dropped != null) {
                return refuseAfterDrop(session, dropped);
            }
            long accessedAt = session.accessedAt();
            int maxInactive = session.maxInactiveSeconds();
            RequestChanges.Taken taken = session.changes().take();
            try {
                EndOfRequest.Plan plan = endOfRequest.plan(session, taken, accessedAt, maxInactive);
                return plan.delta() == null ? refreshIfDue(session, accessedAt, maxInactive)
                        : write(session, plan, taken, accessedAt);
            } catch (RuntimeException e) {
                if (dropOnStoreFailure && taken != RequestChanges.Taken.NOTHING
                        && StoreUnavailableException.isCauseOf(e)) {
                    session.changes().dropped(RequestChanges.Dropped.STORE_FAILED);
                } else {
                    session.changes().restore(taken);
                }
                throw e;
            }
        }
    }

    /**
     * A request that shared the session object with one whose changes were dropped unwritten may have read them
     * (CI saw a retry, answered "already applied" from such a copy, lose the cart line the store never got): it
     * is refused as that one was, and writes nothing.
     */
    private Outcome refuseAfterDrop(LiveSession session, RequestChanges.Dropped dropped) {
        String why = "another request of " + node + " that shared the session object had its changes "
                + (dropped == RequestChanges.Dropped.REFUSED ? "refused as stale" : "dropped when the store failed")
                + ", and this one may have read them";
        if (dropped == RequestChanges.Dropped.STORE_FAILED) {
            throw new StoreUnavailableException("Session " + session.storeKey() + " is not committed: " + why, null);
        }
        counters.staleCommit();
        LOG.log(Level.WARNING, "Session " + session.storeKey() + " is not committed: " + why + "; answering 409");
        return Outcome.STALE;
    }

    private Outcome write(LiveSession session, EndOfRequest.Plan plan, RequestChanges.Taken taken, long accessedAt) {
        SessionDelta delta = plan.delta();
        CommitResult result = store.commit(delta);
        if (result.isStale()) {
            counters.staleCommit();
            counters.conflicts(result.conflicts().size());
            LOG.log(Level.WARNING, "Concurrent writes to attributes " + result.conflicts() + " of session "
                    + delta.sessionId() + ": another request changed them since this one (on " + node + ") read"
                    + " them; this request's changes are refused, so that no older value replaces a newer one");
            session.changes().dropped(RequestChanges.Dropped.REFUSED);
            return Outcome.STALE;
        }
        if (!result.isApplied()) {
            counters.changesDroppedForRemovedSession();
            LOG.log(Level.WARNING, "Session " + delta.sessionId() + " was invalidated or expired on another node"
                    + " while this request ran; its changes to " + delta.changed().keySet() + delta.removed()
                    + " are dropped");
            return Outcome.GONE;
        }
        counters.requestCommitted();
        session.stored().committed(plan.digests(), taken.removed(), result.version(), accessedAt);
        return Outcome.SAVED;
    }

    private Outcome refreshIfDue(LiveSession session, long accessedAt, int maxInactive) {
        StoredState stored = session.stored();
        if (stored.refreshDue(accessedAt, maxInactive)) {
            if (!store.touch(session.storeKey(), accessedAt, IdlePolicy.ttlMillis(maxInactive), node)) {
                return Outcome.GONE;
            }
            stored.refreshed(accessedAt);
        }
        return Outcome.SAVED;
    }
}
