package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The not-found cache: bounded in size and in lifetime, and a key a session now lives under is forgotten. */
class RecentMissesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aMissIsRememberedForItsLifetimeOnly() {
        RecentMisses misses = new RecentMisses(10, 3_000, now::get);
        misses.missed("k");

        now.addAndGet(2_999);
        assertThat(misses.isRecentMiss("k")).isTrue();
        now.addAndGet(1);
        assertThat(misses.isRecentMiss("k")).isFalse();
        assertThat(misses.size()).as("an expired key goes when asked for").isZero();
        assertThat(misses.isRecentMiss("never-missed")).isFalse();
    }

    @Test
    void theOldestMissGoesFirstWhenTheBoundIsReached() {
        RecentMisses misses = new RecentMisses(3, 60_000, now::get);
        for (int i = 0; i < 100; i++) {
            misses.missed("k" + i);
            now.incrementAndGet();
            assertThat(misses.size()).isLessThanOrEqualTo(3);
        }
        assertThat(misses.isRecentMiss("k96")).isFalse();
        assertThat(misses.isRecentMiss("k97")).isTrue();
        assertThat(misses.isRecentMiss("k99")).isTrue();
    }

    @Test
    void expiredMissesAreSweptByLaterMisses() {
        RecentMisses misses = new RecentMisses(1_000, 100, now::get);
        for (int i = 0; i < 50; i++) {
            misses.missed("old" + i);
        }
        now.addAndGet(100);
        misses.missed("new");
        assertThat(misses.size()).isEqualTo(1);
    }

    @Test
    void aKeyASessionNowLivesUnderIsForgottenAtOnce() {
        RecentMisses misses = new RecentMisses(10, 60_000, now::get);
        misses.missed("k");
        misses.forget("k");
        assertThat(misses.isRecentMiss("k")).isFalse();
    }

    @Test
    void aZeroSizeOrLifetimeTurnsTheCacheOff() {
        for (RecentMisses off : new RecentMisses[] {new RecentMisses(0, 3_000, now::get),
                new RecentMisses(10, 0, now::get)}) {
            off.missed("k");
            assertThat(off.isRecentMiss("k")).isFalse();
            assertThat(off.size()).isZero();
        }
        assertThatThrownBy(() -> new RecentMisses(-1, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
