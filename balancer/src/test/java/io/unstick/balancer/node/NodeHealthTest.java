package io.unstick.balancer.node;

import io.unstick.balancer.config.HealthSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthTest {

    private final NodeHealth health = new NodeHealth(new HealthSettings("/health", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 2, 3, Duration.ofSeconds(1), Duration.ofSeconds(4)));

    @Test
    void fallsAfterFallFailuresAndRisesAfterRiseSuccesses() {
        assertThat(health.isUp(0)).isTrue();
        assertThat(health.recordProbe(false, 0)).isZero();
        assertThat(health.recordProbe(true, 0)).as("a success resets the failure count").isZero();
        assertThat(health.recordProbe(false, 0)).isZero();
        assertThat(health.recordProbe(false, 0)).isEqualTo(-1);
        assertThat(health.isUp(0)).isFalse();
        assertThat(health.recordProbe(true, 0)).isZero();
        assertThat(health.recordProbe(true, 0)).isZero();
        assertThat(health.recordProbe(true, 0)).isEqualTo(1);
        assertThat(health.isUp(0)).isTrue();
    }

    @Test
    void aPassiveFailureIsImmediateAndQuarantinesTheNode() {
        assertThat(health.recordPassiveFailure(0)).isTrue();
        assertThat(health.isUp(0)).isFalse();
        assertThat(riseAt(999)).as("probes during the 1 s quarantine do not count").isFalse();
        assertThat(riseAt(1000)).isTrue();
    }

    @Test
    void consecutivePassiveFailuresDoubleTheQuarantine() {
        health.recordPassiveFailure(0);    // 1 s: until 1000
        health.recordPassiveFailure(1000); // 2 s: until 3000
        assertThat(riseAt(2999)).isFalse();
        assertThat(riseAt(3000)).isTrue();
        health.recordPassiveFailure(5000); // back up in between: the streak starts over, 1 s
        assertThat(riseAt(6000)).isTrue();
    }

    /** Three good probes (rise=3) at {@code t}; whether the node is up afterwards. */
    private boolean riseAt(long t) {
        for (int i = 0; i < 3; i++) {
            health.recordProbe(true, t);
        }
        return health.isUp(t);
    }

    @Test
    void theBackoffIsCapped() {
        for (int i = 0; i < 10; i++) {
            health.recordPassiveFailure(0);
        }
        assertThat(riseAt(3_999)).isFalse();
        assertThat(riseAt(4_000)).as("capped at 4 s").isTrue();
    }
}
