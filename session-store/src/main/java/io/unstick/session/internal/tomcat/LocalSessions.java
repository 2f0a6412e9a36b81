package io.unstick.session.internal.tomcat;

import io.unstick.session.internal.codec.SessionCipher;
import io.unstick.session.internal.codec.StoreCipher;
import io.unstick.session.internal.codec.StoreKeys;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.IdlePolicy;
import io.unstick.session.internal.core.LocalCopyPolicy;
import io.unstick.session.internal.core.RecentMisses;
import io.unstick.session.internal.core.RequestChanges;
import io.unstick.session.internal.core.SessionIds;
import io.unstick.session.internal.core.SessionCommitter;
import io.unstick.session.internal.core.SessionRecord;
import io.unstick.session.internal.core.SessionStore;
import io.unstick.session.internal.core.StoreUnavailableException;
import io.unstick.session.internal.core.StoredValues;
import org.apache.catalina.Session;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * This node's copies of stored sessions, in the manager's own session map (each named with this node's route):
 * finding a session for a request (a copy or a store read, as {@link LocalCopyPolicy} decides), and what Tomcat's
 * session lifecycle means for the store (invalidation removes it, a new id renames it).
 *
 * <p>Store keys are one-way hashes of ids, so a store event (another node's change, a removal) names a key this node
 * cannot turn back into an id: the copies are also indexed by their store key.
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
    private final StoreKeys keys;
    private final StoreCipher ciphers;
    private final StoredValues values;
    /** Keys of ids the store recently did not have: a repeated unknown or forged id costs no store read. */
    private final RecentMisses misses;
    /** This node's copies by store key, for store events. */
    private final Map<String, HazelcastSession> byKey = new ConcurrentHashMap<>();

    /**
     * @param inMajority whether this node's side of the cluster holds the quorum: a kept copy is served only then,
     *                   since on a minority side the store may have moved on without it
     * @param keys       the store key of a session id
     * @param ciphers    sealing for a session's new store key when its id changes
     * @param misses     store keys recently not found
     */
    LocalSessions(Map<String, Session> sessions, String jvmRoute, SessionStore store, SessionLoader loader,
                  LocalCopyPolicy policy, Counters counters, String node, BooleanSupplier inMajority,
                  StoreKeys keys, StoreCipher ciphers, RecentMisses misses) {
        this.sessions = sessions;
        this.jvmRoute = jvmRoute;
        this.store = store;
        this.loader = loader;
        this.policy = policy;
        this.counters = counters;
        this.node = node;
        this.inMajority = inMajority;
        this.keys = keys;
        this.ciphers = ciphers;
        this.misses = misses;
        this.values = new StoredValues(counters);
    }

    /**
     * The session a request names, or null when the store no longer has it.
     *
     * @param takingOver the id carries another node's route: ignore an idle copy, the store has the latest state
     * @throws StoreUnavailableException when the store cannot be read
     */
    public HazelcastSession find(String id, boolean takingOver) {
        String base = SessionIds.base(id);
        String key = keys.of(base);
        String localId = SessionIds.withRoute(base, jvmRoute);
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
                if (misses.isRecentMiss(key)) {
                    counters.unknownIdRemembered();
                    dropUnlessInUse(copy);
                    return null;
                }
                Optional<SessionRecord> record = load(key);
                if (record.isEmpty() && keys.hasPrevious()) {
                    record = loadUnderPreviousSecret(base);
                }
                if (record.isEmpty()) {
                    misses.missed(key);
                    counters.unknownSessionId();
                    dropUnlessInUse(copy);
                    return null;
                }
                return loader.register(record.get(), localId);
            }
        }
    }

    /** A stale copy a running request still uses goes when that request ends, with what it still changes. */
    private void dropUnlessInUse(HazelcastSession copy) {
        if (copy != null && !copy.inUse()) {
            drop(copy);
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

    /**
     * A rotation is under way: a session created before it lives under its key of the previous secret, and keeps
     * living there (a move to the new key could not be atomic with other nodes' requests) until its id changes or it
     * ends.
     */
    private Optional<SessionRecord> loadUnderPreviousSecret(String base) {
        Optional<SessionRecord> record = load(keys.previous(base));
        if (record.isPresent()) {
            counters.previousSecretUse();
        }
        return record;
    }

    /** This node's copy of the session stored under {@code key}, or null. */
    HazelcastSession copyOf(String key) {
        HazelcastSession copy = byKey.get(key);
        return copy != null && sessions.get(copy.getIdInternal()) == copy ? copy : null;
    }

    /** Tomcat registered a session under its id with this node's manager. */
    public void added(Session session) {
        if (session instanceof HazelcastSession copy) {
            byKey.put(copy.storeKey(), copy);
            misses.forget(copy.storeKey());
        }
    }

    /**
     * A session built from a record and registered nowhere, to deliver the destroyed events of an expiry.
     *
     * @throws IllegalStateException when this node cannot open the record's id
     */
    HazelcastSession detached(SessionRecord record) {
        return loader.detached(record, jvmRoute);
    }

    /**
     * Forgets this node's copy without any event. Changes no commit took go with it, logged and counted: made after
     * their request's end (say, by a thread the application kept), or left by a commit that failed.
     */
    void drop(HazelcastSession copy) {
        sessions.remove(copy.getIdInternal(), copy);
        byKey.remove(copy.storeKey(), copy);
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

    /**
     * A commit dropped the copy's changes unwritten (the store failed; its request was answered 503): the copy holds
     * values the store never got, so no new request shares it, and it goes when its requests end.
     */
    void commitDropped(HazelcastSession copy) {
        copy.localCopy().markStale();
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
        if (session instanceof HazelcastSession copy) {
            byKey.remove(copy.storeKey(), copy);
        }
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
     * new one appears), its values re-sealed for the new key (they are bound to it) and its stored id replaced. A
     * session found under the previous secret's key moves to the current secret's. Callers hold the session's
     * monitor, as commits do.
     */
    public void renamed(HazelcastSession copy, String newId) {
        String oldKey = copy.storeKey();
        String newBase = SessionIds.base(newId);
        String newKey = keys.of(newBase);
        SessionCipher newCipher = ciphers.forSession(newKey);
        if (copy.stored().isStored() && !oldKey.equals(newKey)
                && !store.rename(oldKey, newKey, IdlePolicy.ttlMillis(copy.getMaxInactiveInterval()),
                        values.reseal(copy.cipher(), newCipher, newBase))) {
            log.warn("Session " + oldKey + " was no longer stored when its id changed; it is stored anew as "
                    + newKey);
            copy.stored().notStored();
        }
        byKey.remove(oldKey, copy);
        copy.rekey(newCipher);
    }
}
