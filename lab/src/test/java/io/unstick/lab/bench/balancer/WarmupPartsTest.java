package io.unstick.lab.bench.balancer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up ends on new connections once it is long enough to have a main part: the churn a live proxy sees. */
class WarmupPartsTest {

    @Test
    void aLongWarmupEndsWithFiveSecondsOnNewConnections() {
        assertThat(Measurement.warmupParts(Duration.ofSeconds(30)))
                .containsExactly(Duration.ofSeconds(25), Duration.ofSeconds(5));
        assertThat(Measurement.warmupParts(Duration.ofSeconds(10)))
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void aShortWarmupStaysOneRunAndNoneStaysNone() {
        assertThat(Measurement.warmupParts(Duration.ofSeconds(1))).containsExactly(Duration.ofSeconds(1));
        assertThat(Measurement.warmupParts(Duration.ZERO)).isEmpty();
    }
}
