package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.LocalCopyPolicy;
import io.unstick.session.internal.core.RequestChanges;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionCommitter;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.SessionStore;
import io.unstick.session.internal.core.StoreUnavailableException;
import org.apache.catalina.Session;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * This node's copies of stored sessions, in the manager's own session map (each named with this node's route):
 * finding a session for a request (a copy or a store read, as {@link LocalCopyPolicy} decides), and what Tomcat's
 * session lifecycle means for the store (invalidation removes it, a new id renames it).
 */
public final class LocalSessions {

    private static final Log log = LogFactory.getLog(LocalSessions.class);

    private final Map<String, Session> sessions;
    private final String jvmRoute;
    private final SessionStore store;
    private final SessionLoader loader;
    private final LocalCopyPolicy policy;
    private final Counters counters;
    private final String node;
    private final BooleanSupplier inMajority;

    /**
     * @param inMajority whether this node's side of the cluster holds the quorum: a kept copy is served only then,
     *                   since on a minority side the store may have moved on without it
     */
    LocalSessions(Map<String, Session> sessions, String jvmRoute, SessionStore store, SessionLoader loader,
                  LocalCopyPolicy policy, Counters counters, String node, BooleanSupplier inMajority) {
        this.sessions = sessions;
        this.jvmRoute = jvmRoute;
        this.store = store;
        this.loader = loader;
        this.policy = policy;
        this.counters = counters;
        this.node = node;
        this.inMajority = inMajority;
    }

    /**
     * The session a request names, or null when the store no longer has it.
     *
     * @param takingOver the id carries another node's route: ignore an idle copy, the store has the latest state
     * @throws StoreUnavailableException when the store cannot be read
     */
    public HazelcastSession find(String id, boolean takingOver) {
        String key = SessionIds.storeKey(id);
        String localId = SessionIds.withRoute(SessionIds.base(id), jvmRoute);
        HazelcastSession copy = (HazelcastSession) sessions.get(localId);
        switch (policy.lookup(copy == null ? null : copy.localCopy(), takingOver)) {
            case SERVE_COPY -> {
                if (!inMajority.getAsBoolean()) {
                    counters.storeRefusal();
                    throw new StoreUnavailableException("Session " + key + " is not served from this node's copy:"
                            + " its member is in a minority (split-brain protection), the copy may be stale", null);
                }
                counters.localCacheHit();
                return copy;
            }
            case SHARE_COPY_IN_USE -> {
                return copy;
            }
            default -> {
                Optional<SessionRecord> record = load(key);
                if (record.isEmpty()) {
                    counters.unknownSessionId();
                    if (copy != null) {
                        drop(copy);
                    }
                    return null;
                }
                return loader.register(record.get(), localId);
            }
        }
    }

    private Optional<SessionRecord> load(String key) {
        try {
            return policy.keepsCopies() ? store.loadToKeep(key, node) : store.load(key);
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Session store unavailable while loading session " + key, e);
        }
    }

    /** This node's copy of the session stored under {@code key}, or null. */
    HazelcastSession copyOf(String key) {
        return (HazelcastSession) sessions.get(SessionIds.withRoute(key, jvmRoute));
    }

    /** A session built from a record and registered nowhere, to deliver the destroyed events of an expiry. */
    HazelcastSession detached(SessionRecord record) {
        return loader.detached(record, SessionIds.withRoute(record.id(), jvmRoute));
    }

    /**
     * Forgets this node's copy without any event. Changes no commit took go with it, logged and counted: made after
     * their request's end (say, by a thread the application kept), or left by a commit that failed.
     */
    void drop(HazelcastSession copy) {
        sessions.remove(copy.getIdInternal(), copy);
        RequestChanges.Taken lost = copy.changes().take();
        if (lost != RequestChanges.Taken.NOTHING) {
            counters.changesLost();
            log.warn("Session " + copy.storeKey() + ": changes to " + lost.candidates().keySet() + lost.removed()
                    + (lost.metadata() ? " and its metadata" : "") + " were never committed (made after their"
                    + " request ended, or by a request whose commit failed) and are lost with this node's copy");
        }
    }

    /** Drops every copy nobody uses (they will be read from the store again), saying why. */
    void dropAll(String why) {
        int dropped = 0;
        for (Session session : sessions.values()) {
            HazelcastSession copy = (HazelcastSession) session;
            copy.localCopy().markStale();
            if (!copy.inUse()) {
                drop(copy);
                dropped++;
            }
        }
        log.info("Dropped " + dropped + " local session copies: " + why);
    }

    /** The last request using a copy ended. */
    void lastRequestEnded(HazelcastSession copy) {
        if (!policy.keepAfterLastRequest(copy.localCopy())) {
            drop(copy);
        }
    }

    /**
     * What a commit found: the session gone from the store (the copy goes), or another request's newer write (the
     * copy holds the refused changes: it is never served again and goes when its requests end).
     */
    void committed(HazelcastSession copy, SessionCommitter.Outcome outcome) {
        if (outcome == SessionCommitter.Outcome.STALE) {
            copy.localCopy().markStale();
        }
        if (!policy.keepAfterCommit(outcome != SessionCommitter.Outcome.GONE)) {
            drop(copy);
        }
    }

    /** Drops the copies the policy no longer keeps; expiry itself is the store's job. */
    public void sweep(long now) {
        for (Session session : sessions.values()) {
            HazelcastSession copy = (HazelcastSession) session;
            if (policy.dropOnSweep(copy.localCopy(), now - copy.getThisAccessedTimeInternal(),
                    copy.getMaxInactiveInterval())) {
                drop(copy);
            }
        }
    }

    /**
     * Tomcat removed a session from this node: if it is being invalidated here, remove it from the store too.
     *
     * @throws StoreUnavailableException when the store cannot be reached; the session stays valid elsewhere
     */
    public void removed(Session session) {
        if (session instanceof HazelcastSession copy && copy.isExpiring() && !copy.removedFromStore()
                && copy.stored().isStored()) {
            String key = copy.storeKey();
            try {
                store.remove(key, node);
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("Session " + key + " could not be removed from the session"
                        + " store; it stays valid on other nodes", e);
            }
        }
    }

    /**
     * The session's id changes: the store moves it (the old key disappears with the record taken from it, then the
     * new one appears). Callers hold the session's monitor, as commits do.
     */
    public void renamed(HazelcastSession copy, String newId) {
        String oldKey = copy.storeKey();
        String newKey = SessionIds.storeKey(newId);
        if (copy.stored().isStored() && !oldKey.equals(newKey)
                && !store.rename(oldKey, newKey, IdlePolicy.ttlMillis(copy.getMaxInactiveInterval()))) {
            log.warn("Session " + oldKey + " was no longer stored when its id changed; it is stored anew as "
                    + newKey);
            copy.stored().notStored();
        }
    }
}
