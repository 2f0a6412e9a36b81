package io.unstick.balancer.node;

import io.unstick.balancer.config.HealthSettings;

/**
 * Health of one node from active probes (fall/rise counting) and passive failures (a connect failure or reset
 * marks it down at once and quarantines it with a doubling backoff).
 *
 * <p>Read on every request ({@link #isUp(long)}: two volatile reads, no lock); written by the single health
 * checker thread and by IO threads reporting failures, under this object's monitor since writes are rare.
 */
public final class NodeHealth {

    private final HealthSettings settings;
    private volatile boolean up = true;
    private volatile long quarantinedUntil;
    private int consecutiveOk;
    private int consecutiveFailed;
    private int passiveStreak;

    public NodeHealth(HealthSettings settings) {
        this.settings = settings;
    }

    /** Whether requests may be sent to the node at {@code nowMillis}. */
    public boolean isUp(long nowMillis) {
        return up && nowMillis >= quarantinedUntil;
    }

    public boolean isUp() {
        return isUp(System.currentTimeMillis());
    }

    /**
     * Records an active probe result.
     *
     * @return the transition this caused: {@code +1} went up, {@code -1} went down, {@code 0} none
     */
    public synchronized int recordProbe(boolean ok, long nowMillis) {
        if (ok) {
            consecutiveFailed = 0;
            if (nowMillis < quarantinedUntil) {
                return 0; // a passive failure is still cooling down; probes resume counting afterwards
            }
            consecutiveOk++;
            if (!up && consecutiveOk >= settings.rise()) {
                up = true;
                passiveStreak = 0;
                return 1;
            }
            if (up) {
                passiveStreak = 0;
            }
            return 0;
        }
        consecutiveOk = 0;
        consecutiveFailed++;
        if (up && consecutiveFailed >= settings.fall()) {
            up = false;
            return -1;
        }
        return 0;
    }

    /**
     * Records a connect failure or a reset seen while proxying: down at once, and not tried again before a
     * backoff that doubles with each consecutive passive failure.
     *
     * @return true if this took the node down
     */
    public synchronized boolean recordPassiveFailure(long nowMillis) {
        long base = settings.passiveBackoff().toMillis();
        long backoff = Math.min(settings.passiveBackoffMax().toMillis(), base << Math.min(passiveStreak, 20));
        passiveStreak++;
        quarantinedUntil = nowMillis + backoff;
        consecutiveOk = 0;
        boolean wasUp = up;
        up = false;
        return wasUp;
    }
}
