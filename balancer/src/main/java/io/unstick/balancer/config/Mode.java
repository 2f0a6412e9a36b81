package io.unstick.balancer.config;

import java.util.Locale;

/**
 * How sessions are kept, set by {@code UNSTICK_MODE}. The balancer only needs it to pick the default routing:
 * {@code sticky} and {@code hybrid} need affinity, {@code shared} does not.
 */
public enum Mode {
    STICKY("cookie"),
    SHARED("least-requests"),
    HYBRID("cookie");

    private final String defaultRouting;

    Mode(String defaultRouting) {
        this.defaultRouting = defaultRouting;
    }

    /** The {@code UNSTICK_ROUTING} value used when none is given. */
    public String defaultRouting() {
        return defaultRouting;
    }

    public static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected sticky, shared or hybrid, got '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
