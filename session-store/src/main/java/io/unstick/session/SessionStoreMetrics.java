package io.unstick.session;

import java.util.Map;

/**
 * A read-only view of one {@link HazelcastSessionManager}'s counters: store traffic, conflicts, locks, cache hits,
 * failures and session ends. Every figure counts since the manager was created; times are totals in nanoseconds.
 * Also in JMX as {@code <engine>:type=UnstickSessionStore,host=<host>,context=<path>}, with these getters as
 * attributes ({@code StoreReads}, ...). In code, e.g. for Micrometer:
 *
 * <pre>{@code
 * SessionStoreMetrics metrics = ((HazelcastSessionManager) context.getManager()).getMetrics();
 * new SessionStoreMeterBinder(metrics).bindTo(registry); // from the micrometer package: unstick.session.store.*
 * }</pre>
 *
 * <p>Reading never blocks a request.
 */
public interface SessionStoreMetrics {

    /** Session loads from the store. */
    long getStoreReads();

    /** Store loads that found no session. */
    long getStoreReadMisses();

    long getStoreReadNanos();

    /** Delta writes to the store. */
    long getStoreWrites();

    /** Time of delta writes and idle-clock refreshes. */
    long getStoreWriteNanos();

    /** Writes of changes to a stored session. */
    long getDeltaWrites();

    /** Writes creating a session. */
    long getFullWrites();

    /** Idle-clock refreshes without content change. */
    long getTouches();

    /** Serialized attribute bytes written. */
    long getBytesWritten();

    /** Requests that wrote changes. */
    long getCommittedRequests();

    /** Concurrent writes to the same attribute (concurrency=merge). */
    long getConflicts();

    long getLockAcquisitions();

    long getLockWaitNanos();

    /** Requests answered 503 because a session's lock was not free within lockTimeoutMs. */
    long getLockTimeouts();

    /** Locks whose lease ran out while their request still ran. */
    long getLockLeasesLost();

    /** Reads served from this node's copy (localCache=true). */
    long getLocalCacheHits();

    /** Content changes another node made to a session this node holds a copy of (localCache=true). */
    long getChangesHeard();

    /** Attributes (or logins) that could not be serialized. */
    long getSerializationFailures();

    /** Attributes (or logins) that could not be deserialized. */
    long getDeserializationFailures();

    /** Commits that failed; their request's changes are lost. */
    long getCommitFailures();

    /** Commits dropped because another node invalidated the session meanwhile. */
    long getChangesDroppedForRemovedSessions();

    /**
     * Copies this node dropped while they held changes no commit had taken: changes made after the end of their
     * request (each is also logged with the attribute names).
     */
    long getChangesLost();

    /** Expiries this node delivered. */
    long getSessionsExpired();

    /** Sessions destroyed on this node (expiry or invalidation). */
    long getSessionsDestroyed();

    /** Store calls that gave up at {@code storeTimeoutMs}; their requests got 503. */
    long getStoreTimeouts();

    /** Store calls refused at once because this node's member was in a minority; their requests got 503. */
    long getStoreRefusals();

    /**
     * Requests that named a session the store had no trace of, and so got a fresh one: an expired session, a
     * forged or stale cookie, or sessions lost with the whole cluster (a jump after every node was down at once).
     */
    long getUnknownSessionIds();

    /**
     * Commits refused because an attribute they change was changed by another request since theirs read it (a
     * stale overwrite); their requests got 409.
     */
    long getStaleCommits();

    /**
     * Sessions whose copies on the two sides of a split cluster differed, merged by this node's member after the heal
     * (each attribute's newest write kept, an invalidation kept); each is also logged with the attribute names.
     */
    long getMergeConflicts();

    /**
     * Stored values (attributes, logins, login notes) that did not open: altered or forged in the store, moved from
     * another session or attribute, or sealed under a secret this node does not hold. Each was treated as absent and
     * never deserialized; the session's store key is logged.
     */
    long getValuesRefused();

    /**
     * Sessions read from the store that needed {@code previousStoreSecret} (stored under its key, or holding values
     * it sealed). A rotation is finished once this stays at 0 on every node for a whole session lifetime.
     */
    long getPreviousSecretUses();

    /**
     * Requests naming a session id the store did not have a moment ago, answered from the not-found cache without a
     * store read (also counted in {@link #getUnknownSessionIds}). See {@code unknownIdCacheSize}.
     */
    long getUnknownIdsRemembered();

    /** New sessions refused (503) because the cluster held {@code maxActiveSessions} sessions. */
    long getSessionsRefused();

    /** Stored values a read did not fetch again because this node had them at the version still stored. */
    long getValuesNotResent();

    /**
     * Reads that first confirmed this node's earlier write of unknown outcome (answered 503) to their session: it
     * was replicated, and the read went on. A confirmation that failed is a store timeout, and its read got 503.
     */
    long getWritesConfirmed();

    /** Every counter by a stable snake_case name ({@code store_reads}, {@code bytes_written}, ...). */
    Map<String, Long> snapshot();
}
