package io.unstick.session.internal.core;

import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;

import java.util.Optional;

/**
 * Where sessions live between requests. Keys are store keys: keyed hashes of session ids ({@code StoreKeys}), never
 * the ids themselves; the parameters named {@code sessionId} below are such keys. Every method is one remote
 * call at most; none deserializes application classes.
 */
public interface SessionStore {

    /**
     * From now until {@link #endRequest}, the calls this thread makes share one deadline: a request's store calls
     * together wait at most the store timeout, not that much each.
     */
    default void beginRequest() {
    }

    /** Ends what {@link #beginRequest} began on this thread. */
    default void endRequest() {
    }

    /** The stored session, or empty when it never existed, was invalidated (a tombstone) or expired. */
    Optional<SessionRecord> load(String sessionId);

    /**
     * {@link #load} for a node that keeps a local copy: records it as a holder in the same step, so it hears of
     * every later content change another node makes.
     */
    Optional<SessionRecord> loadToKeep(String sessionId, String node);

    /**
     * Applies a request's changes atomically on the member owning the session, all or nothing: a delta based on an
     * attribute version the store no longer holds is refused ({@link CommitResult#isStale}).
     */
    CommitResult commit(SessionDelta delta);

    /**
     * Refreshes the idle clock without changing content.
     *
     * @return false when the session is no longer stored
     */
    boolean touch(String sessionId, long accessedAt, long ttlMillis, String node);

    /**
     * Ends a session (invalidation by {@code node}): the record becomes a tombstone that every reader treats as
     * absent and that outlives any copy from before, so a merge after a split cannot bring the session back.
     */
    void remove(String sessionId, String node);

    /**
     * Moves a stored session to a new id: the old id becomes a tombstone atomically with the record taken from it,
     * and only then the new id appears, so no observer sees both.
     *
     * @param reseal re-seals the stored values for the new key, on this node, between taking the record and storing
     *               it again
     * @return false when no session was stored under {@code oldId}
     */
    boolean rename(String oldId, String newId, long ttlMillis, SessionRecord.Reseal reseal);

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
