package io.unstick.shop.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.unstick.session.SessionStoreMetrics;

import java.util.function.ToDoubleFunction;

/**
 * The session store's own counters (shared and hybrid modes) as Prometheus counters named
 * {@code unstick_session_store_*}: store reads and writes and their time, bytes written, delta versus full
 * writes, conflicts, lock waits and timeouts, local-cache hits, serialization failures, expired and destroyed
 * sessions. They read the live counters at scrape time; nothing is copied on the request path.
 */
final class SessionStoreMeters implements MeterBinder {

    private static final double NANOS_PER_SECOND = 1e9;

    private final SessionStoreMetrics store;

    SessionStoreMeters(SessionStoreMetrics store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "reads", "Session records read from the store", null, SessionStoreMetrics::getStoreReads);
        counter(registry, "read.misses", "Store reads that found no session", null, SessionStoreMetrics::getStoreReadMisses);
        counter(registry, "read.time", "Time spent reading from the store", "seconds", m -> m.getStoreReadNanos() / NANOS_PER_SECOND);
        counter(registry, "writes", "Changes written to the store", null, SessionStoreMetrics::getStoreWrites);
        counter(registry, "write.time", "Time spent writing to the store", "seconds", m -> m.getStoreWriteNanos() / NANOS_PER_SECOND);
        counter(registry, "writes.delta", "Writes that sent only changed attributes", null, SessionStoreMetrics::getDeltaWrites);
        counter(registry, "writes.full", "Writes that sent the whole session", null, SessionStoreMetrics::getFullWrites);
        counter(registry, "touches", "Idle-clock refreshes without other changes", null, SessionStoreMetrics::getTouches);
        counter(registry, "written", "Attribute bytes written to the store", "bytes", SessionStoreMetrics::getBytesWritten);
        counter(registry, "committed.requests", "Requests whose session changes were committed", null, SessionStoreMetrics::getCommittedRequests);
        counter(registry, "conflicts", "Concurrent writes to the same attribute", null, SessionStoreMetrics::getConflicts);
        counter(registry, "lock.acquisitions", "Session locks taken (concurrency=lock)", null, SessionStoreMetrics::getLockAcquisitions);
        counter(registry, "lock.wait", "Time spent waiting for session locks", "seconds", m -> m.getLockWaitNanos() / NANOS_PER_SECOND);
        counter(registry, "lock.timeouts", "Requests refused because the session lock wait ran out", null, SessionStoreMetrics::getLockTimeouts);
        counter(registry, "local.cache.hits", "Requests served from the local copy (hybrid)", null, SessionStoreMetrics::getLocalCacheHits);
        counter(registry, "changes.heard", "Changes another node made to a session this node holds (hybrid)", null, SessionStoreMetrics::getChangesHeard);
        counter(registry, "serialization.failures", "Attributes that could not be serialized", null, SessionStoreMetrics::getSerializationFailures);
        counter(registry, "deserialization.failures", "Attributes that could not be deserialized", null, SessionStoreMetrics::getDeserializationFailures);
        counter(registry, "commit.failures", "Requests whose changes could not be committed", null, SessionStoreMetrics::getCommitFailures);
        counter(registry, "changes.lost", "Session changes dropped uncommitted with a local copy", null, SessionStoreMetrics::getChangesLost);
        counter(registry, "sessions.expired", "Sessions expired in the store", null, SessionStoreMetrics::getSessionsExpired);
        counter(registry, "timeouts", "Store calls that gave up at storeTimeoutMs (the request got 503)", null, SessionStoreMetrics::getStoreTimeouts);
        counter(registry, "refusals", "Store calls refused because this node's member was in a minority (503)", null, SessionStoreMetrics::getStoreRefusals);
        counter(registry, "unknown.session.ids", "Requests naming a session the store had no trace of (a fresh one started)", null, SessionStoreMetrics::getUnknownSessionIds);
        counter(registry, "stale.commits", "Commits refused because another request changed an attribute first (409)", null, SessionStoreMetrics::getStaleCommits);
        counter(registry, "merge.conflicts", "Sessions whose copies differed after a split, merged by this node's member", null, SessionStoreMetrics::getMergeConflicts);
        counter(registry, "sessions.destroyed", "Sessions destroyed (invalidated or expired)", null, SessionStoreMetrics::getSessionsDestroyed);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
                         ToDoubleFunction<SessionStoreMetrics> value) {
        FunctionCounter.builder("unstick.session.store." + name, store, value)
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }
}
