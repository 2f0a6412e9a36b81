package io.unstick.session.internal.core;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session store's counters, written on the request path and by the store; read through the manager's
 * read-only {@code SessionStoreMetrics}. Thread-safe; counting never blocks a request.
 */
public final class Counters {

    /** Every counter; {@link #metricName()} is its stable snake_case name (e.g. {@code store_reads}). */
    public enum Counter {
        STORE_READS, STORE_READ_MISSES, STORE_READ_NANOS, STORE_WRITES, STORE_WRITE_NANOS, DELTA_WRITES,
        FULL_WRITES, BYTES_WRITTEN, COMMITTED_REQUESTS, TOUCHES, CONFLICTS, LOCK_ACQUISITIONS, LOCK_WAIT_NANOS,
        LOCK_TIMEOUTS, LOCK_LEASES_LOST, LOCAL_CACHE_HITS, CHANGES_HEARD, SERIALIZATION_FAILURES,
        DESERIALIZATION_FAILURES, COMMIT_FAILURES, CHANGES_DROPPED_FOR_REMOVED_SESSIONS, CHANGES_LOST, SESSIONS_EXPIRED,
        SESSIONS_DESTROYED, STORE_TIMEOUTS, STORE_REFUSALS, UNKNOWN_SESSION_IDS, STALE_COMMITS, MERGE_CONFLICTS,
        VALUES_REFUSED, PREVIOUS_SECRET_USES, UNKNOWN_IDS_REMEMBERED, SESSIONS_REFUSED,
        VALUES_NOT_RESENT, WRITES_CONFIRMED;

        public String metricName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongAdder[] adders = new LongAdder[Counter.values().length];

    public Counters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    public long get(Counter counter) {
        return adders[counter.ordinal()].sum();
    }

    private void add(Counter counter, long amount) {
        adders[counter.ordinal()].add(amount);
    }

    public void storeRead(long nanos, boolean found) {
        add(Counter.STORE_READS, 1);
        add(Counter.STORE_READ_NANOS, nanos);
        if (!found) {
            add(Counter.STORE_READ_MISSES, 1);
        }
    }

    public void storeWrite(long nanos, long bytes, boolean full) {
        add(Counter.STORE_WRITES, 1);
        add(Counter.STORE_WRITE_NANOS, nanos);
        add(Counter.BYTES_WRITTEN, bytes);
        add(full ? Counter.FULL_WRITES : Counter.DELTA_WRITES, 1);
    }

    public void touch(long nanos) {
        add(Counter.TOUCHES, 1);
        add(Counter.STORE_WRITE_NANOS, nanos);
    }

    public void requestCommitted() {
        add(Counter.COMMITTED_REQUESTS, 1);
    }

    public void conflicts(int count) {
        add(Counter.CONFLICTS, count);
    }

    public void lockAcquired(long waitNanos) {
        add(Counter.LOCK_ACQUISITIONS, 1);
        add(Counter.LOCK_WAIT_NANOS, waitNanos);
    }

    public void lockTimedOut(long waitNanos) {
        add(Counter.LOCK_TIMEOUTS, 1);
        add(Counter.LOCK_WAIT_NANOS, waitNanos);
    }

    public void lockLeaseLost() {
        add(Counter.LOCK_LEASES_LOST, 1);
    }

    public void localCacheHit() {
        add(Counter.LOCAL_CACHE_HITS, 1);
    }

    public void changeHeard() {
        add(Counter.CHANGES_HEARD, 1);
    }

    public void serializationFailure() {
        add(Counter.SERIALIZATION_FAILURES, 1);
    }

    public void deserializationFailure() {
        add(Counter.DESERIALIZATION_FAILURES, 1);
    }

    public void commitFailure() {
        add(Counter.COMMIT_FAILURES, 1);
    }

    public void changesDroppedForRemovedSession() {
        add(Counter.CHANGES_DROPPED_FOR_REMOVED_SESSIONS, 1);
    }

    public void changesLost() {
        add(Counter.CHANGES_LOST, 1);
    }

    public void sessionExpired() {
        add(Counter.SESSIONS_EXPIRED, 1);
    }

    /** A store call gave up at storeTimeoutMs (the request got 503). */
    public void storeTimeout() {
        add(Counter.STORE_TIMEOUTS, 1);
    }

    /**
     * The store refused a call at once: this node's member is in a minority, or the session is in a rename whose
     * outcome is not known yet (the request got 503).
     */
    public void storeRefusal() {
        add(Counter.STORE_REFUSALS, 1);
    }

    /** A request named an id the store recently did not have: answered from the not-found cache, no store read. */
    public void unknownIdRemembered() {
        add(Counter.UNKNOWN_SESSION_IDS, 1);
        add(Counter.UNKNOWN_IDS_REMEMBERED, 1);
    }

    /** A versioned read was answered without {@code count} values: this node had them. */
    public void valuesNotResent(int count) {
        add(Counter.VALUES_NOT_RESENT, count);
    }

    /** A new session was refused: the cluster holds maxActiveSessions. */
    public void sessionRefused() {
        add(Counter.SESSIONS_REFUSED, 1);
    }

    /** A request named a session the store has no trace of (never existed here, expired, or a lost cluster). */
    public void unknownSessionId() {
        add(Counter.UNKNOWN_SESSION_IDS, 1);
    }

    /** A commit based on an attribute version the store no longer holds was refused. */
    public void staleCommit() {
        add(Counter.STALE_COMMITS, 1);
    }

    /** A session whose copies on the two sides of a split differed was merged (this node's member ran it). */
    public void mergeConflict() {
        add(Counter.MERGE_CONFLICTS, 1);
    }

    /** Stored values that did not open (altered, forged, or sealed under a secret this node lacks). */
    public void valuesRefused(int count) {
        add(Counter.VALUES_REFUSED, count);
    }

    /** A session read from the store needed the previous secret: its key or some of its values predate a rotation. */
    public void previousSecretUse() {
        add(Counter.PREVIOUS_SECRET_USES, 1);
    }

    /** A read first confirmed that this node's earlier write of unknown outcome to its session is replicated. */
    public void writeConfirmed() {
        add(Counter.WRITES_CONFIRMED, 1);
    }

    public void sessionDestroyed() {
        add(Counter.SESSIONS_DESTROYED, 1);
    }
}
