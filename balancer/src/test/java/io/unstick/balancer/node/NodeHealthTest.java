package io.unstick.balancer.node;

import io.unstick.balancer.config.HealthSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.unstick.balancer.node.NodeHealth.Cause;
import static io.unstick.balancer.node.NodeHealth.Probe;
import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthTest {

    /** fall 2, rise 3, passive: 3 failures in a row within 10 s; backoff 1 s doubling up to 4 s. */
    private final NodeHealth health = new NodeHealth(new HealthSettings("/health/ready", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 2, 3, 3, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(4)));

    @Test
    void fallsAfterFallFailuresAndRisesAfterRiseSuccesses() {
        assertThat(health.isUp(0)).isTrue();
        assertThat(health.recordProbe(Probe.FAILED, 0)).isNull();
        assertThat(health.recordProbe(Probe.OK, 0)).as("a success resets the failure count").isNull();
        assertThat(health.recordProbe(Probe.FAILED, 0)).isNull();
        assertThat(health.recordProbe(Probe.FAILED, 0)).isEqualTo(Cause.PROBES_FAILED);
        assertThat(health.isUp(0)).isFalse();
        assertThat(health.recordProbe(Probe.OK, 0)).isNull();
        assertThat(health.recordProbe(Probe.OK, 0)).isNull();
        assertThat(health.recordProbe(Probe.OK, 0)).isEqualTo(Cause.PROBES_OK);
        assertThat(health.isUp(0)).isTrue();
    }

    @Test
    void aNotReadyAnswerTakesTheNodeOutAtOnce() {
        assertThat(health.recordProbe(Probe.NOT_READY, 0)).isEqualTo(Cause.NOT_READY);
        assertThat(health.isUp(0)).isFalse();
        assertThat(health.recordProbe(Probe.NOT_READY, 0)).as("already down: no second change").isNull();
        assertThat(riseAt(0)).isTrue();
    }

    @Test
    void oneConnectionFailureTakesNothingDownNorDoesTwo() {
        assertThat(health.recordPassiveFailure(0)).isFalse();
        assertThat(health.recordPassiveFailure(10)).isFalse();
        assertThat(health.isUp(10)).isTrue();
        assertThat(health.recordPassiveFailure(20)).as("the third in a row does").isTrue();
        assertThat(health.isUp(20)).isFalse();
    }

    @Test
    void aResponseInBetweenStartsTheCountOver() {
        health.recordPassiveFailure(0);
        health.recordPassiveFailure(1);
        health.recordResponse();
        assertThat(health.recordPassiveFailure(2)).isFalse();
        assertThat(health.recordPassiveFailure(3)).isFalse();
        assertThat(health.recordPassiveFailure(4)).isTrue();
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotAddUp() {
        health.recordPassiveFailure(0);
        health.recordPassiveFailure(5_000);
        assertThat(health.recordPassiveFailure(10_001)).as("the first is out of the window: a new run").isFalse();
        assertThat(health.isUp(10_001)).isTrue();
    }

    @Test
    void aPassiveMarkQuarantinesTheNodeAndProbesCountOnlyAfterwards() {
        markPassively(0);
        assertThat(health.isUp(0)).isFalse();
        assertThat(riseAt(999)).as("probes during the 1 s quarantine do not count").isFalse();
        assertThat(riseAt(1000)).isTrue();
    }

    @Test
    void repeatedPassiveMarksDoubleTheQuarantineUpToTheCap() {
        markPassively(0);        // 1 s: until 1000
        markPassively(1000);     // down again before it came back: 2 s, until 3000
        assertThat(riseAt(2999)).isFalse();
        assertThat(riseAt(3000)).isTrue();
        markPassively(5000);     // back up in between: the streak starts over, 1 s
        assertThat(riseAt(6000)).isTrue();
        for (int i = 0; i < 10; i++) {
            markPassively(10_000);
        }
        assertThat(riseAt(13_999)).isFalse();
        assertThat(riseAt(14_000)).as("capped at 4 s").isTrue();
    }

    private void markPassively(long t) {
        for (int i = 0; i < 3; i++) {
            health.recordPassiveFailure(t);
        }
    }

    /** Three good probes (rise=3) at {@code t}; whether the node is up afterwards. */
    private boolean riseAt(long t) {
        for (int i = 0; i < 3; i++) {
            health.recordProbe(Probe.OK, t);
        }
        return health.isUp(t);
    }
}
