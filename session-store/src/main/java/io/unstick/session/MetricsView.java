package io.unstick.session;

import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.Counters.Counter;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@link SessionStoreMetrics} over the manager's counters: reads only, so users cannot move a counter. */
final class MetricsView implements SessionStoreMetrics {

    private final Counters counters;

    MetricsView(Counters counters) {
        this.counters = counters;
    }

    @Override
    public long getStoreReads() {
        return counters.get(Counter.STORE_READS);
    }

    @Override
    public long getStoreReadMisses() {
        return counters.get(Counter.STORE_READ_MISSES);
    }

    @Override
    public long getStoreReadNanos() {
        return counters.get(Counter.STORE_READ_NANOS);
    }

    @Override
    public long getStoreWrites() {
        return counters.get(Counter.STORE_WRITES);
    }

    @Override
    public long getStoreWriteNanos() {
        return counters.get(Counter.STORE_WRITE_NANOS);
    }

    @Override
    public long getDeltaWrites() {
        return counters.get(Counter.DELTA_WRITES);
    }

    @Override
    public long getFullWrites() {
        return counters.get(Counter.FULL_WRITES);
    }

    @Override
    public long getTouches() {
        return counters.get(Counter.TOUCHES);
    }

    @Override
    public long getBytesWritten() {
        return counters.get(Counter.BYTES_WRITTEN);
    }

    @Override
    public long getCommittedRequests() {
        return counters.get(Counter.COMMITTED_REQUESTS);
    }

    @Override
    public long getConflicts() {
        return counters.get(Counter.CONFLICTS);
    }

    @Override
    public long getLockAcquisitions() {
        return counters.get(Counter.LOCK_ACQUISITIONS);
    }

    @Override
    public long getLockWaitNanos() {
        return counters.get(Counter.LOCK_WAIT_NANOS);
    }

    @Override
    public long getLockTimeouts() {
        return counters.get(Counter.LOCK_TIMEOUTS);
    }

    @Override
    public long getLockLeasesLost() {
        return counters.get(Counter.LOCK_LEASES_LOST);
    }

    @Override
    public long getLocalCacheHits() {
        return counters.get(Counter.LOCAL_CACHE_HITS);
    }

    @Override
    public long getChangesHeard() {
        return counters.get(Counter.CHANGES_HEARD);
    }

    @Override
    public long getSerializationFailures() {
        return counters.get(Counter.SERIALIZATION_FAILURES);
    }

    @Override
    public long getDeserializationFailures() {
        return counters.get(Counter.DESERIALIZATION_FAILURES);
    }

    @Override
    public long getCommitFailures() {
        return counters.get(Counter.COMMIT_FAILURES);
    }

    @Override
    public long getChangesDroppedForRemovedSessions() {
        return counters.get(Counter.CHANGES_DROPPED_FOR_REMOVED_SESSIONS);
    }

    @Override
    public long getChangesLost() {
        return counters.get(Counter.CHANGES_LOST);
    }

    @Override
    public long getSessionsExpired() {
        return counters.get(Counter.SESSIONS_EXPIRED);
    }

    @Override
    public long getSessionsDestroyed() {
        return counters.get(Counter.SESSIONS_DESTROYED);
    }

    @Override
    public long getStoreTimeouts() {
        return counters.get(Counter.STORE_TIMEOUTS);
    }

    @Override
    public long getStoreRefusals() {
        return counters.get(Counter.STORE_REFUSALS);
    }

    @Override
    public long getUnknownSessionIds() {
        return counters.get(Counter.UNKNOWN_SESSION_IDS);
    }

    @Override
    public long getStaleCommits() {
        return counters.get(Counter.STALE_COMMITS);
    }

    @Override
    public long getMergeConflicts() {
        return counters.get(Counter.MERGE_CONFLICTS);
    }

    @Override
    public long getValuesRefused() {
        return counters.get(Counter.VALUES_REFUSED);
    }

    @Override
    public long getPreviousSecretUses() {
        return counters.get(Counter.PREVIOUS_SECRET_USES);
    }

    @Override
    public long getUnknownIdsRemembered() {
        return counters.get(Counter.UNKNOWN_IDS_REMEMBERED);
    }

    @Override
    public long getSessionsRefused() {
        return counters.get(Counter.SESSIONS_REFUSED);
    }

    @Override
    public long getValuesNotResent() {
        return counters.get(Counter.VALUES_NOT_RESENT);
    }

    @Override
    public long getWritesConfirmed() {
        return counters.get(Counter.WRITES_CONFIRMED);
    }

    @Override
    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            values.put(counter.metricName(), counters.get(counter));
        }
        return values;
    }

    @Override
    public String toString() {
        return "SessionStoreMetrics" + snapshot();
    }
}
