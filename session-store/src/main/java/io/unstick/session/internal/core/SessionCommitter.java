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

    /**
     * Commits one session.
     *
     * @return false when the store no longer holds it (invalidated or expired elsewhere meanwhile)
     * @throws RuntimeException when the store failed; the changes stay pending
     */
    public boolean commit(LiveSession session) {
        // Requests of this node that share the session object commit one after the other, and never while its id
        // changes: a request may start before the previous one's commit returns (Tomcat's FORM authenticator sends
        // the login page before the request ends).
        synchronized (session) {
            if (!session.isLive()) {
                return true; // invalidated in this request: the store entry is already gone
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

    private boolean write(LiveSession session, EndOfRequest.Plan plan, RequestChanges.Taken taken, long accessedAt) {
        SessionDelta delta = plan.delta();
        CommitResult result = store.commit(delta);
        if (!result.isApplied()) {
            counters.changesDroppedForRemovedSession();
            LOG.log(Level.WARNING, "Session " + delta.sessionId() + " was invalidated or expired on another node"
                    + " while this request ran; its changes to " + delta.changed().keySet() + delta.removed()
                    + " are dropped");
            return false;
        }
        counters.requestCommitted();
        if (!result.conflicts().isEmpty()) {
            counters.conflicts(result.conflicts().size());
            LOG.log(Level.WARNING, "Concurrent writes to attributes " + result.conflicts() + " of session "
                    + delta.sessionId() + " on several nodes; the last write (this one, from " + node + ") wins");
        }
        session.stored().committed(plan.digests(), taken.removed(), result.version(), accessedAt);
        return true;
    }

    private boolean refreshIfDue(LiveSession session, long accessedAt, int maxInactive) {
        StoredState stored = session.stored();
        if (stored.refreshDue(accessedAt, maxInactive)) {
            if (!store.touch(session.storeKey(), accessedAt, IdlePolicy.ttlMillis(maxInactive), node)) {
                return false;
            }
            stored.refreshed(accessedAt);
        }
        return true;
    }
}
