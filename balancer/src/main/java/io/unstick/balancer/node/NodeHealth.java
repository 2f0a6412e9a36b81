package io.unstick.balancer.node;

import io.unstick.balancer.config.HealthSettings;

/**
 * Health of one node, from active probes and from what forwarding sees:
 * <ul>
 *   <li>a probe answered 503 (the node says it is not ready: its member has not joined, is in a minority, cannot
 *       reach the store, or it is stopping) takes it DOWN at once, so it stops getting traffic within one probe
 *       interval; other failed probes (no answer in time, refused, another status) take it DOWN after {@code fall}
 *       in a row; {@code rise} good ones in a row bring it back;</li>
 *   <li>connection failures while forwarding (refused, reset) take it DOWN between probes only after
 *       {@code passiveFailures} in a row within {@code passiveWindow} (a response in between starts over), so one
 *       blip that reaches every node takes none out; it then stays out for a backoff that doubles while it keeps
 *       happening.</li>
 * </ul>
 * Client aborts are never reported here. Read on every request ({@link #isUp(long)}: two volatile reads, no lock);
 * written under this object's monitor by the health checker and by IO threads reporting failures, which are rare.
 */
public final class NodeHealth {

    /** What a state change was caused by, for logs and metrics. */
    public enum Cause {
        NOT_READY("not-ready"), PROBES_FAILED("probes-failed"), PASSIVE("passive"), PROBES_OK("probes-ok");

        public final String label;

        Cause(String label) {
            this.label = label;
        }
    }

    /** What one active probe found. */
    public enum Probe { OK, NOT_READY, FAILED }

    private final HealthSettings settings;
    private volatile boolean up = true;
    private volatile long quarantinedUntil;
    /** Fast path of {@link #recordResponse()}: true while a count of passive failures is running. */
    private volatile boolean failing;
    private int consecutiveOk;
    private int consecutiveFailed;
    private int passiveFailures;
    private long firstPassiveFailure;
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
     * @return the cause of the state change this made, or null if there was none
     */
    public synchronized Cause recordProbe(Probe probe, long nowMillis) {
        if (probe == Probe.OK) {
            consecutiveFailed = 0;
            if (nowMillis < quarantinedUntil) {
                return null; // a passive failure is still cooling down; probes resume counting afterwards
            }
            consecutiveOk++;
            if (up) {
                passiveStreak = 0;
                return null;
            }
            if (consecutiveOk >= settings.rise()) {
                up = true;
                passiveStreak = 0;
                return Cause.PROBES_OK;
            }
            return null;
        }
        consecutiveOk = 0;
        consecutiveFailed++;
        if (!up) {
            return null;
        }
        if (probe == Probe.NOT_READY || consecutiveFailed >= settings.fall()) {
            up = false;
            return probe == Probe.NOT_READY ? Cause.NOT_READY : Cause.PROBES_FAILED;
        }
        return null;
    }

    /**
     * Records a connection failure (refused, reset) seen while forwarding; never a client's abort.
     *
     * @return true if this took the node down
     */
    public synchronized boolean recordPassiveFailure(long nowMillis) {
        if (passiveFailures == 0 || nowMillis - firstPassiveFailure > settings.passiveWindow().toMillis()) {
            passiveFailures = 0;
            firstPassiveFailure = nowMillis;
        }
        passiveFailures++;
        failing = true;
        if (passiveFailures < settings.passiveFailures()) {
            return false;
        }
        passiveFailures = 0;
        failing = false;
        long base = settings.passiveBackoff().toMillis();
        long backoff = Math.min(settings.passiveBackoffMax().toMillis(), base << Math.min(passiveStreak, 20));
        passiveStreak++;
        quarantinedUntil = nowMillis + backoff;
        consecutiveOk = 0;
        boolean wasUp = up;
        up = false;
        return wasUp;
    }

    /** How many connection failures in a row take a node down between probes. */
    public int passiveFailuresToMark() {
        return settings.passiveFailures();
    }

    /** A response came back from the node: a run of passive failures is broken. One volatile read when none runs. */
    public void recordResponse() {
        if (failing) {
            synchronized (this) {
                passiveFailures = 0;
                failing = false;
            }
        }
    }
}
