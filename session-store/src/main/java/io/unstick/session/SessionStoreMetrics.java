package io.unstick.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link HazelcastSessionManager}: store traffic, conflicts, locks, cache hits, failures and
 * session ends. Read them through JMX ({@link SessionStoreMetricsMBean}) or in code:
 *
 * <pre>{@code
 * HazelcastSessionManager manager = (HazelcastSessionManager) context.getManager();
 * manager.getMetrics().snapshot().forEach((name, value) -> registry.gauge("unstick.session." + name, value));
 * }</pre>
 *
 * <p>Thread-safe; counting never blocks a request.
 */
public final class SessionStoreMetrics implements SessionStoreMetricsMBean {

    private final LongAdder storeReads = new LongAdder();
    private final LongAdder storeReadMisses = new LongAdder();
    private final LongAdder storeReadNanos = new LongAdder();
    private final LongAdder storeWrites = new LongAdder();
    private final LongAdder storeWriteNanos = new LongAdder();
    private final LongAdder deltaWrites = new LongAdder();
    private final LongAdder fullWrites = new LongAdder();
    private final LongAdder touches = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder committedRequests = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder lockAcquisitions = new LongAdder();
    private final LongAdder lockWaitNanos = new LongAdder();
    private final LongAdder lockTimeouts = new LongAdder();
    private final LongAdder lockLeasesLost = new LongAdder();
    private final LongAdder localCacheHits = new LongAdder();
    private final LongAdder changesHeard = new LongAdder();
    private final LongAdder serializationFailures = new LongAdder();
    private final LongAdder deserializationFailures = new LongAdder();
    private final LongAdder commitFailures = new LongAdder();
    private final LongAdder changesDroppedForRemovedSessions = new LongAdder();
    private final LongAdder sessionsExpired = new LongAdder();
    private final LongAdder sessionsDestroyed = new LongAdder();

    public void storeRead(long nanos, boolean found) {
        storeReads.increment();
        storeReadNanos.add(nanos);
        if (!found) {
            storeReadMisses.increment();
        }
    }

    public void storeWrite(long nanos, long bytes, boolean full) {
        storeWrites.increment();
        storeWriteNanos.add(nanos);
        bytesWritten.add(bytes);
        (full ? fullWrites : deltaWrites).increment();
    }

    public void touch(long nanos) {
        touches.increment();
        storeWriteNanos.add(nanos);
    }

    public void requestCommitted() {
        committedRequests.increment();
    }

    public void conflicts(int count) {
        conflicts.add(count);
    }

    public void lockAcquired(long waitNanos) {
        lockAcquisitions.increment();
        lockWaitNanos.add(waitNanos);
    }

    public void lockTimedOut(long waitNanos) {
        lockTimeouts.increment();
        lockWaitNanos.add(waitNanos);
    }

    public void lockLeaseLost() {
        lockLeasesLost.increment();
    }

    public void localCacheHit() {
        localCacheHits.increment();
    }

    public void changeHeard() {
        changesHeard.increment();
    }

    public void serializationFailure() {
        serializationFailures.increment();
    }

    public void deserializationFailure() {
        deserializationFailures.increment();
    }

    public void commitFailure() {
        commitFailures.increment();
    }

    public void changesDroppedForRemovedSession() {
        changesDroppedForRemovedSessions.increment();
    }

    public void sessionExpired() {
        sessionsExpired.increment();
    }

    public void sessionDestroyed() {
        sessionsDestroyed.increment();
    }

    @Override
    public long getStoreReads() {
        return storeReads.sum();
    }

    @Override
    public long getStoreReadMisses() {
        return storeReadMisses.sum();
    }

    @Override
    public long getStoreReadNanos() {
        return storeReadNanos.sum();
    }

    @Override
    public long getStoreWrites() {
        return storeWrites.sum();
    }

    @Override
    public long getStoreWriteNanos() {
        return storeWriteNanos.sum();
    }

    @Override
    public long getDeltaWrites() {
        return deltaWrites.sum();
    }

    @Override
    public long getFullWrites() {
        return fullWrites.sum();
    }

    @Override
    public long getTouches() {
        return touches.sum();
    }

    @Override
    public long getBytesWritten() {
        return bytesWritten.sum();
    }

    @Override
    public long getCommittedRequests() {
        return committedRequests.sum();
    }

    @Override
    public long getConflicts() {
        return conflicts.sum();
    }

    @Override
    public long getLockAcquisitions() {
        return lockAcquisitions.sum();
    }

    @Override
    public long getLockWaitNanos() {
        return lockWaitNanos.sum();
    }

    @Override
    public long getLockTimeouts() {
        return lockTimeouts.sum();
    }

    @Override
    public long getLockLeasesLost() {
        return lockLeasesLost.sum();
    }

    @Override
    public long getLocalCacheHits() {
        return localCacheHits.sum();
    }

    @Override
    public long getChangesHeard() {
        return changesHeard.sum();
    }

    @Override
    public long getSerializationFailures() {
        return serializationFailures.sum();
    }

    @Override
    public long getDeserializationFailures() {
        return deserializationFailures.sum();
    }

    @Override
    public long getCommitFailures() {
        return commitFailures.sum();
    }

    @Override
    public long getChangesDroppedForRemovedSessions() {
        return changesDroppedForRemovedSessions.sum();
    }

    @Override
    public long getSessionsExpired() {
        return sessionsExpired.sum();
    }

    @Override
    public long getSessionsDestroyed() {
        return sessionsDestroyed.sum();
    }

    /**
     * Every counter by a stable snake_case name (e.g. {@code store_reads}, {@code bytes_written}), for exporters
     * such as Micrometer.
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("store_reads", getStoreReads());
        values.put("store_read_misses", getStoreReadMisses());
        values.put("store_read_nanos", getStoreReadNanos());
        values.put("store_writes", getStoreWrites());
        values.put("store_write_nanos", getStoreWriteNanos());
        values.put("delta_writes", getDeltaWrites());
        values.put("full_writes", getFullWrites());
        values.put("touches", getTouches());
        values.put("bytes_written", getBytesWritten());
        values.put("committed_requests", getCommittedRequests());
        values.put("conflicts", getConflicts());
        values.put("lock_acquisitions", getLockAcquisitions());
        values.put("lock_wait_nanos", getLockWaitNanos());
        values.put("lock_timeouts", getLockTimeouts());
        values.put("lock_leases_lost", getLockLeasesLost());
        values.put("local_cache_hits", getLocalCacheHits());
        values.put("serialization_failures", getSerializationFailures());
        values.put("deserialization_failures", getDeserializationFailures());
        values.put("commit_failures", getCommitFailures());
        values.put("changes_dropped_for_removed_sessions", getChangesDroppedForRemovedSessions());
        values.put("sessions_expired", getSessionsExpired());
        values.put("sessions_destroyed", getSessionsDestroyed());
        return values;
    }
}
