package io.unstick.session.internal.hazelcast;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * What the readiness probe's outcomes say in the log, one line per change. Until the store has answered once, a
 * failure is a node waiting for its peers (every member of a cluster with a quorum fails its first probes while the
 * others join): INFO, and a WARN only if the store has still not answered after the start-up grace. Once it has
 * answered, losing it is a WARN at once and getting it back an INFO.
 */
final class ProbeLog {

    /** Long enough for the members of a stack started together to join; a cluster that takes longer deserves a look. */
    static final long STARTUP_GRACE_SECONDS = 30;

    record Entry(Level level, String message) { }

    private final long startedNanos;
    private boolean answered;
    private boolean failing;
    private boolean warnedAtStart;

    /** @param startedNanos {@code System.nanoTime()} when the store started */
    ProbeLog(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /**
     * @param failure  why the last probe failed, or null when the store answered it
     * @param nowNanos {@code System.nanoTime()} of the outcome
     * @return the line to log, or null when nothing changed
     */
    Entry observe(String failure, long nowNanos) {
        boolean wasFailing = failing;
        failing = failure != null;
        if (!answered) {
            if (failure == null) {
                answered = true;
                return wasFailing ? new Entry(Level.INFO, "The session store answers: ready") : null;
            }
            long waitedSeconds = TimeUnit.NANOSECONDS.toSeconds(nowNanos - startedNanos);
            if (waitedSeconds >= STARTUP_GRACE_SECONDS && !warnedAtStart) {
                warnedAtStart = true;
                return new Entry(Level.WARNING, "Not ready " + waitedSeconds
                        + " s after start, the session store has not answered yet: " + failure);
            }
            return wasFailing ? null : new Entry(Level.INFO, "Waiting for the session store (its cluster's members"
                    + " may still be joining; a warning follows if it lasts " + STARTUP_GRACE_SECONDS + " s): "
                    + failure);
        }
        if (failure != null && !wasFailing) {
            return new Entry(Level.WARNING, "Not ready: " + failure);
        }
        if (failure == null && wasFailing) {
            return new Entry(Level.INFO, "The session store answers again");
        }
        return null;
    }
}
