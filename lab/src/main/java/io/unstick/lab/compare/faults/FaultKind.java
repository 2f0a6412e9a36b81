package io.unstick.lab.compare.faults;

import java.util.Locale;

/** {@code --fault}: what happens to the stack in the middle of a run. */
public enum FaultKind {
    /** SIGKILL one node, which stays down. */
    KILL,
    /** SIGKILL one node, then start it again. */
    RESTART,
    /**
     * Every node in turn: drain, stop gracefully, start, enable, and where the nodes form a cluster (shared, hybrid,
     * delta, backup) let it settle.
     */
    ROLLING,
    /** Drain one node through the admin API, stop it once its bound clients reach zero (or the drain times out). */
    DRAIN,
    /** Cut one node's Hazelcast member off from the others for a while (its HTTP port stays up), then heal. */
    PARTITION,
    /** Pause one node (SIGSTOP) for a while, then resume it (SIGCONT). */
    FREEZE,
    /** Nothing: the baseline. */
    NONE;

    public static FaultKind parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fault must be one of kill, restart, rolling, drain, partition, freeze,"
                    + " none, but was '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the fault lasts a stated time ({@code --fault-for}) and is then undone. */
    public boolean isTimed() {
        return this == PARTITION || this == FREEZE;
    }
}
