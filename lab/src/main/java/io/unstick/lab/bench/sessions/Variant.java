package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.Mode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A session setup the benchmark compares on the same nodes: one of the shop's modes, or {@code delta}, Tomcat's
 * DeltaManager replicating over a Tribes cluster (sticky routing, as it requires).
 */
public enum Variant {
    STICKY(Mode.STICKY, false), SHARED(Mode.SHARED, true), HYBRID(Mode.HYBRID, true), DELTA(Mode.STICKY, true);

    private final Mode mode;
    private final boolean clustered;

    Variant(Mode mode, boolean clustered) {
        this.mode = mode;
        this.clustered = clustered;
    }

    /** Whether the nodes talk to each other (Hazelcast members or Tribes receivers), so bytes between them count. */
    public boolean clustered() {
        return clustered;
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
