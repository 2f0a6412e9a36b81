package io.unstick.balancer.guard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class GcraTest {

    private static final long SECOND = 1_000_000_000L;
    private final Gcra tenPerSecond = new Gcra(10, 10);
    private final AtomicLong arrival = new AtomicLong(Long.MIN_VALUE);

    @Test
    void anIdleLimitLetsABurstThroughThenOnePerInterval() {
        long now = 5 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(tenPerSecond.tryTake(arrival, now)).as("burst event " + i).isZero();
        }
        assertThat(tenPerSecond.tryTake(arrival, now)).as("the eleventh waits a tenth of a second").isEqualTo(SECOND / 10);
        assertThat(tenPerSecond.tryTake(arrival, now + SECOND / 10 - 1)).isEqualTo(1);
        assertThat(tenPerSecond.tryTake(arrival, now + SECOND / 10)).isZero();
        assertThat(tenPerSecond.tryTake(arrival, now + SECOND / 10)).isPositive();
    }

    @Test
    void aRefusedEventTakesNothing() {
        long now = 0;
        for (int i = 0; i < 10; i++) {
            tenPerSecond.tryTake(arrival, now);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(tenPerSecond.tryTake(arrival, now)).isPositive();
        }
        assertThat(tenPerSecond.tryTake(arrival, now + SECOND / 10)).as("refusals did not push it back").isZero();
    }

    @Test
    void lookingDoesNotTakeAndChargingAlwaysDoes() {
        long now = 0;
        assertThat(tenPerSecond.waitFor(arrival, now)).isZero();
        for (int i = 0; i < 12; i++) {
            tenPerSecond.charge(arrival, now); // twelve sessions created by requests admitted at once
        }
        assertThat(tenPerSecond.waitFor(arrival, now)).isEqualTo(3 * SECOND / 10);
        assertThat(tenPerSecond.waitFor(arrival, now)).as("looking twice changes nothing").isEqualTo(3 * SECOND / 10);
        assertThat(Gcra.idle(arrival, now)).isFalse();
        assertThat(Gcra.idle(arrival, now + 2 * SECOND)).as("after a while it remembers nothing").isTrue();
    }

    @Test
    void worksAcrossNegativeNanoTimes() {
        long now = -7 * SECOND;
        assertThat(tenPerSecond.tryTake(arrival, now)).isZero();
        assertThat(Gcra.idle(arrival, now + SECOND)).isTrue();
    }
}
