package io.unstick.session.internal.core;

import java.lang.System.Logger.Level;

/**
 * Saves what requests changed in a session: plans the delta ({@link EndOfRequest}), writes it in one store call,
 * and records what the store now holds. A commit that changed nothing writes nothing, except a refresh of the
 * store's idle clock at most once per slack ({@link IdlePolicy}). A failed write puts the changes back, so the
 * session's next commit tries again.
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
        // Requests of this node that share the session object commit one after the other, and never while its id
        // changes: a request may start before the previous one's commit returns (Tomcat's FORM authenticator sends
        // the login page before the request ends).
        synchronized (session) {
            if (!session.isLive()) {
                return Outcome.SAVED; // invalidated in this request: the store entry is already gone
            }
            long accessedAt = session.accessedAt();
            int maxInactive = session.maxInactiveSeconds();
            RequestChanges.Taken taken = session.changes().take();
            try {
                EndOfRequest.Plan plan = endOfRequest.plan(session, taken, accessedAt, maxInactive);
                return plan.delta() == null ? refreshIfDue(session, accessedAt, maxInactive)
                        : write(session, plan, taken, accessedAt);
            } catch (RuntimeException e) {
                session.changes().restore(taken);
                throw e;
            }
        }
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
