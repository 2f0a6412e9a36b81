package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.codec.AttributeCodec;
import io.unstick.session.internal.codec.UnserializableAttributeException;
import io.unstick.session.internal.core.CommitResult;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionMetadata;
import io.unstick.session.internal.core.SessionStore;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes what a request changed in a session, once, at the end of the request: only attributes whose serialized
 * bytes differ from what the store holds, removals, and metadata if it changed. Nothing changed: at most a refresh
 * of the store's idle clock, and only once per slack (see {@link IdlePolicy}).
 */
public final class SessionCommitter {

    private static final Log log = LogFactory.getLog(SessionCommitter.class);

    private final SessionStore store;
    private final AttributeCodec codec;
    private final Counters metrics;
    private final String node;
    private final boolean keepsCopies;

    /** @param keepsCopies this node keeps its sessions after the request (hybrid) */
    public SessionCommitter(SessionStore store, AttributeCodec codec, Counters metrics, String node,
                            boolean keepsCopies) {
        this.store = store;
        this.codec = codec;
        this.metrics = metrics;
        this.node = node;
        this.keepsCopies = keepsCopies;
    }

    /**
     * Commits one session.
     *
     * @return false when the store no longer holds the session (invalidated or expired elsewhere meanwhile)
     */
    public boolean commit(HazelcastSession session) {
        // Requests of this node sharing the session object commit one after the other, and never while its id
        // changes: a request may start before the previous one's commit returns (Tomcat's FORM authenticator
        // sends the login page before the request ends).
        synchronized (session) {
            return commitLocked(session);
        }
    }

    private boolean commitLocked(HazelcastSession session) {
        if (!session.isValidState()) {
            return true; // invalidated in this request: the store entry is already gone
        }
        String key = SessionIds.base(session.getIdInternal());
        long accessedAt = session.getThisAccessedTimeInternal();
        int maxInactive = session.getMaxInactiveInterval();
        SessionDelta delta = session.isStored()
                ? SessionDelta.updating(key, node)
                : SessionDelta.creating(key, session.getCreationTimeInternal(), node);
        if (keepsCopies) {
            delta.keptByWriter();
        }
        HazelcastSession.Pending pending = session.takePending();
        try {
            return write(session, key, delta, pending, accessedAt, maxInactive);
        } catch (RuntimeException e) {
            session.restore(pending); // the next request of this session tries again
            throw e;
        }
    }

    private boolean write(HazelcastSession session, String key, SessionDelta delta, HazelcastSession.Pending pending,
                          long accessedAt, int maxInactive) {
        Map<String, byte[]> writtenDigests = new HashMap<>();
        for (String name : pending.candidates()) {
            Object value = session.localValue(name);
            if (value == null) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = codec.serialize(name, value);
            } catch (UnserializableAttributeException e) {
                // It serialized at setAttribute, so the request made it unserializable afterwards.
                metrics.serializationFailure();
                log.error(e.getMessage() + "; it is not saved (session " + key + " keeps its previously stored value, if"
                        + " any)", e);
                continue;
            }
            byte[] digest = AttributeCodec.digest(bytes);
            if (session.isStored() && AttributeCodec.sameDigest(digest, session.storedDigest(name))) {
                continue;
            }
            delta.change(name, bytes, session.baseVersion(name));
            writtenDigests.put(name, digest);
        }
        for (String name : pending.removed()) {
            delta.remove(name, session.baseVersion(name));
        }
        if (!session.isStored() || pending.metadata()) {
            delta.metadata(metadata(session, key));
        }
        long ttl = IdlePolicy.ttlMillis(maxInactive);
        delta.accessedAt(accessedAt, ttl);

        if (delta.isEmpty()) {
            return refreshIfDue(session, key, accessedAt, maxInactive, ttl);
        }
        CommitResult result = store.commit(delta);
        if (!result.isApplied()) {
            metrics.changesDroppedForRemovedSession();
            log.warn("Session " + key + " was invalidated or expired on another node while this request ran;"
                    + " its changes to " + delta.changed().keySet() + delta.removed() + " are dropped");
            return false;
        }
        metrics.requestCommitted();
        if (!result.conflicts().isEmpty()) {
            metrics.conflicts(result.conflicts().size());
            log.warn("Concurrent writes to attributes " + result.conflicts() + " of session " + key
                    + " on several nodes; the last write (this one, from " + node + ") wins");
        }
        session.committed(writtenDigests, pending.removed(), result.version(), accessedAt);
        return true;
    }

    private boolean refreshIfDue(HazelcastSession session, String key, long accessedAt, int maxInactive, long ttl) {
        if (IdlePolicy.refreshDue(session.storeRefreshedAt(), accessedAt, maxInactive)) {
            if (!store.touch(key, accessedAt, ttl, node)) {
                return false;
            }
            session.storeRefreshed(accessedAt);
        }
        return true;
    }

    private SessionMetadata metadata(HazelcastSession session, String key) {
        byte[] principal = null;
        if (session.getPrincipal() != null) {
            try {
                principal = codec.serialize("(principal)", session.getPrincipal());
            } catch (UnserializableAttributeException e) {
                metrics.serializationFailure();
                log.error("The login of session " + key + " cannot be stored (its principal class "
                        + session.getPrincipal().getClass().getName() + " is not serializable); after a failover"
                        + " the user logs in again", e);
            }
        }
        return new SessionMetadata(session.getMaxInactiveInterval(), principal == null ? null
                : session.getAuthType(), principal);
    }
}
