package io.unstick.session.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.unstick.session.SessionStoreMetrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The session store's counters as Micrometer counters named {@code unstick.session.store.*} (in Prometheus
 * {@code unstick_session_store_*_total}; the times in seconds). The one place these names are made: the sample
 * shop, the Spring Boot starter and a plain Tomcat with Micrometer all bind through it, so dashboards and alert
 * rules see the same names everywhere. Counters are read at scrape time; nothing is copied on the request path.
 *
 * <pre>{@code
 * HazelcastSessionManager manager = (HazelcastSessionManager) context.getManager();
 * new SessionStoreMeterBinder(manager.getMetrics()).bindTo(registry);
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of the store: the drop-in jar neither needs nor bundles it.
 */
public final class SessionStoreMeterBinder implements MeterBinder {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final String SECONDS = "seconds";

    /** One meter: the counter of {@link SessionStoreMetrics#snapshot()} it shows, and how. */
    record Meter(String counter, String name, String description, String unit,
                 ToDoubleFunction<SessionStoreMetrics> value) {
    }

    /** Every counter of the store, once (a test holds this list to {@link SessionStoreMetrics#snapshot()}). */
    static final List<Meter> METERS = List.of(
            meter("store_reads", "reads", "Session records read from the store", SessionStoreMetrics::getStoreReads),
            meter("store_read_misses", "read.misses", "Store reads that found no session",
                    SessionStoreMetrics::getStoreReadMisses),
            seconds("store_read_nanos", "read.time", "Time spent reading from the store",
                    SessionStoreMetrics::getStoreReadNanos),
            meter("store_writes", "writes", "Changes written to the store", SessionStoreMetrics::getStoreWrites),
            seconds("store_write_nanos", "write.time", "Time spent writing to the store",
                    SessionStoreMetrics::getStoreWriteNanos),
            meter("delta_writes", "writes.delta", "Writes that sent only changed attributes",
                    SessionStoreMetrics::getDeltaWrites),
            meter("full_writes", "writes.full", "Writes that sent the whole session", SessionStoreMetrics::getFullWrites),
            new Meter("bytes_written", "written", "Attribute bytes written to the store", "bytes",
                    SessionStoreMetrics::getBytesWritten),
            meter("committed_requests", "committed.requests", "Requests whose session changes were committed",
                    SessionStoreMetrics::getCommittedRequests),
            meter("touches", "touches", "Idle-clock refreshes without other changes", SessionStoreMetrics::getTouches),
            meter("conflicts", "conflicts", "Concurrent writes to the same attribute", SessionStoreMetrics::getConflicts),
            meter("lock_acquisitions", "lock.acquisitions", "Session locks taken (concurrency=lock)",
                    SessionStoreMetrics::getLockAcquisitions),
            seconds("lock_wait_nanos", "lock.wait", "Time spent waiting for session locks",
                    SessionStoreMetrics::getLockWaitNanos),
            meter("lock_timeouts", "lock.timeouts", "Requests refused because the session lock wait ran out",
                    SessionStoreMetrics::getLockTimeouts),
            meter("lock_leases_lost", "lock.leases.lost", "Session locks whose lease ran out before the request ended",
                    SessionStoreMetrics::getLockLeasesLost),
            meter("local_cache_hits", "local.cache.hits", "Requests served from the local copy (hybrid)",
                    SessionStoreMetrics::getLocalCacheHits),
            meter("changes_heard", "changes.heard", "Changes another node made to a session this node holds (hybrid)",
                    SessionStoreMetrics::getChangesHeard),
            meter("serialization_failures", "serialization.failures", "Attributes that could not be serialized",
                    SessionStoreMetrics::getSerializationFailures),
            meter("deserialization_failures", "deserialization.failures", "Attributes that could not be deserialized",
                    SessionStoreMetrics::getDeserializationFailures),
            meter("commit_failures", "commit.failures", "Requests whose changes could not be committed",
                    SessionStoreMetrics::getCommitFailures),
            meter("changes_dropped_for_removed_sessions", "changes.dropped.removed",
                    "Changes not written because the session was removed meanwhile",
                    SessionStoreMetrics::getChangesDroppedForRemovedSessions),
            meter("changes_lost", "changes.lost", "Session changes dropped uncommitted with a local copy",
                    SessionStoreMetrics::getChangesLost),
            meter("sessions_expired", "sessions.expired", "Sessions expired in the store",
                    SessionStoreMetrics::getSessionsExpired),
            meter("sessions_destroyed", "sessions.destroyed", "Sessions destroyed (invalidated or expired)",
                    SessionStoreMetrics::getSessionsDestroyed),
            meter("store_timeouts", "timeouts", "Store calls that gave up at storeTimeoutMs (the request got 503)",
                    SessionStoreMetrics::getStoreTimeouts),
            meter("store_refusals", "refusals", "Store calls refused because this node's member was in a minority (503)",
                    SessionStoreMetrics::getStoreRefusals),
            meter("unknown_session_ids", "unknown.session.ids",
                    "Requests naming a session the store had no trace of (a fresh one started)",
                    SessionStoreMetrics::getUnknownSessionIds),
            meter("stale_commits", "stale.commits",
                    "Commits refused because another request changed an attribute first (409)",
                    SessionStoreMetrics::getStaleCommits),
            meter("merge_conflicts", "merge.conflicts",
                    "Sessions whose copies differed after a split, merged by this node's member",
                    SessionStoreMetrics::getMergeConflicts),
            meter("values_refused", "values.refused",
                    "Stored values that failed authentication (altered, forged or moved); never deserialized",
                    SessionStoreMetrics::getValuesRefused),
            meter("previous_secret_uses", "previous.secret.uses",
                    "Session loads that needed previousStoreSecret (a rotation is not finished)",
                    SessionStoreMetrics::getPreviousSecretUses),
            meter("unknown_ids_remembered", "unknown.ids.remembered",
                    "Requests naming a recently unknown session id, answered without a store read",
                    SessionStoreMetrics::getUnknownIdsRemembered),
            meter("sessions_refused", "sessions.refused",
                    "New sessions refused (503) because the cluster held maxActiveSessions",
                    SessionStoreMetrics::getSessionsRefused),
            meter("values_not_resent", "values.not.resent",
                    "Stored values a read did not fetch again: this node had them at the version still stored",
                    SessionStoreMetrics::getValuesNotResent),
            meter("writes_confirmed", "writes.confirmed",
                    "Reads that first confirmed this node's earlier write of unknown outcome was replicated",
                    SessionStoreMetrics::getWritesConfirmed));

    private final SessionStoreMetrics metrics;

    public SessionStoreMeterBinder(SessionStoreMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Meter meter : METERS) {
            FunctionCounter.builder("unstick.session.store." + meter.name(), metrics, meter.value())
                    .description(meter.description())
                    .baseUnit(meter.unit())
                    .register(registry);
        }
    }

    private static Meter meter(String counter, String name, String description,
                               ToDoubleFunction<SessionStoreMetrics> value) {
        return new Meter(counter, name, description, null, value);
    }

    private static Meter seconds(String counter, String name, String description,
                                 ToDoubleFunction<SessionStoreMetrics> nanos) {
        return new Meter(counter, name, description, SECONDS, m -> nanos.applyAsDouble(m) / NANOS_PER_SECOND);
    }
}
