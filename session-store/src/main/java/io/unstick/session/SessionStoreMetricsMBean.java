package io.unstick.session;

/**
 * The JMX view of {@link SessionStoreMetrics}, registered as
 * {@code Catalina:type=UnstickSessionStore,host=<host>,context=<path>} next to the context's Manager MBean.
 * Every figure is a count since the manager was created; times are totals in nanoseconds.
 */
public interface SessionStoreMetricsMBean {

    long getStoreReads();

    long getStoreReadMisses();

    long getStoreReadNanos();

    long getStoreWrites();

    long getStoreWriteNanos();

    long getDeltaWrites();

    long getFullWrites();

    long getTouches();

    long getBytesWritten();

    long getCommittedRequests();

    long getConflicts();

    long getLockAcquisitions();

    long getLockWaitNanos();

    long getLockTimeouts();

    long getLockLeasesLost();

    long getLocalCacheHits();

    /** Content changes another node made to a session this node holds a copy of (hybrid). */
    long getChangesHeard();

    long getSerializationFailures();

    long getDeserializationFailures();

    long getCommitFailures();

    long getChangesDroppedForRemovedSessions();

    long getSessionsExpired();

    long getSessionsDestroyed();
}
