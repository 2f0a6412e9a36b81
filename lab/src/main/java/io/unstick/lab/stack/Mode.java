package io.unstick.lab.stack;

import java.util.Locale;

/** {@code UNSTICK_MODE}: the one switch the lab passes to the balancer and every node. */
public enum Mode {
    STICKY, SHARED, HYBRID;

    public static Mode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be one of sticky, shared, hybrid, but was '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a node embeds a Hazelcast member, so needs a member port. */
    public boolean usesStore() {
        return this != STICKY;
    }
}
