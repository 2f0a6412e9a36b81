package io.unstick.session.internal.core;

import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;

import java.util.Optional;

/**
 * Where sessions live between requests. Keys are session ids without a route suffix. Every method is one remote
 * call at most; none deserializes application classes.
 */
public interface SessionStore {

    /** The stored session, or empty when it never existed, was invalidated or expired. */
    Optional<SessionRecord> load(String sessionId);

    /**
     * {@link #load} for a node that keeps a local copy: records it as a holder in the same step, so it hears of
     * every later content change another node makes.
     */
    Optional<SessionRecord> loadToKeep(String sessionId, String node);

    /** Applies a request's changes atomically on the member owning the session. */
    CommitResult commit(SessionDelta delta);

    /**
     * Refreshes the idle clock without changing content.
     *
     * @return false when the session is no longer stored
     */
    boolean touch(String sessionId, long accessedAt, long ttlMillis, String node);

    /** Removes a session (invalidation); listeners see a removal, never an expiry. */
    void remove(String sessionId);

    /**
     * Moves a stored session to a new id: the old id disappears atomically with the record taken from it, and
     * only then the new id appears, so no observer sees both.
     *
     * @return false when no session was stored under {@code oldId}
     */
    boolean rename(String oldId, String newId, long ttlMillis);

    /**
     * Waits at most {@code waitMillis} for the cluster-wide lock of one session.
     *
     * @return the held lock, or empty when the wait ran out
     */
    Optional<SessionLock> tryLock(String sessionId, long waitMillis) throws InterruptedException;

    /**
     * Claims the right to deliver the destroyed event of an expired session; exactly one caller cluster-wide gets
     * true per session id.
     */
    boolean claimExpiry(String sessionId, String node);

    /** A cluster-wide lock held by the calling thread. */
    interface SessionLock extends AutoCloseable {
        @Override
        void close();
    }
}
