package io.unstick.shop;

import java.util.Locale;

/**
 * How a shop node keeps its sessions, set by {@code UNSTICK_MODE}. The balancer reads the same variable,
 * so one switch sets both sides.
 */
public enum Mode {
    /** Tomcat's in-memory manager; the balancer keeps each client on one node. */
    STICKY,
    /** Sessions live only in the shared store; any node serves any request. */
    SHARED,
    /** Sessions live in the shared store with a local copy; the balancer keeps affinity. */
    HYBRID;

    public static Mode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "UNSTICK_MODE must be one of sticky, shared, hybrid, but was '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
