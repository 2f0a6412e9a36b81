package io.unstick.session.internal.hazelcast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions with a write in doubt: remembered until confirmed, bounded by forgetting the oldest tenth. */
class UnconfirmedWritesTest {

    @Test
    void aWriteStaysInDoubtUntilConfirmed() {
        UnconfirmedWrites writes = new UnconfirmedWrites();
        assertThat(writes.inDoubt("k")).isFalse();

        writes.unknownOutcome("k");
        writes.unknownOutcome("k");
        assertThat(writes.inDoubt("k")).isTrue();
        assertThat(writes.inDoubt("other")).isFalse();
        assertThat(writes.size()).isEqualTo(1);

        writes.confirmed("k");
        assertThat(writes.inDoubt("k")).isFalse();
        writes.confirmed("never-in-doubt");
        assertThat(writes.size()).isZero();
    }

    @Test
    void overTheBoundTheOldestTenthIsForgotten() {
        UnconfirmedWrites writes = new UnconfirmedWrites(20);
        for (int i = 0; i < 20; i++) {
            writes.unknownOutcome("k" + i);
        }
        writes.unknownOutcome("k0"); // in doubt again: now the newest
        assertThat(writes.size()).isEqualTo(20);

        writes.unknownOutcome("k20");

        assertThat(writes.size()).isEqualTo(18);
        assertThat(writes.inDoubt("k1")).as("oldest").isFalse();
        assertThat(writes.inDoubt("k3")).as("third oldest").isFalse();
        assertThat(writes.inDoubt("k4")).isTrue();
        assertThat(writes.inDoubt("k0")).as("renewed").isTrue();
        assertThat(writes.inDoubt("k20")).isTrue();
    }
}
