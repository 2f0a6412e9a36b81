package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.Mode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A session setup the benchmark compares: one of the shop's modes on the same nodes. */
public enum Variant {
    STICKY(Mode.STICKY), SHARED(Mode.SHARED), HYBRID(Mode.HYBRID);

    private final Mode mode;

    Variant(Mode mode) {
        this.mode = mode;
    }

    public static Variant parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--modes takes " + Arrays.stream(values()).map(Variant::label)
                    .collect(Collectors.joining(", ")) + ", not '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code UNSTICK_MODE} of the stack: it sets the balancer's routing and the nodes' session manager. */
    public Mode mode() {
        return mode;
    }
}
