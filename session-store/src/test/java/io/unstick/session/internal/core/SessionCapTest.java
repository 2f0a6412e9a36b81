package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** maxActiveSessions across the cluster, from a count of the store taken at most once per interval. */
class SessionCapTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicInteger counts = new AtomicInteger();
    private final Counters counters = new Counters();

    private SessionCap cap(int max) {
        return new SessionCap(max, 1_000, now::get, () -> {
            counts.incrementAndGet();
            return stored.get();
        }, counters, "/app");
    }

    @Test
    void sessionsOtherNodesCreatedCountAsMuchAsThisNodesOwn() {
        SessionCap cap = cap(10);
        stored.set(9); // created elsewhere
        assertThat(cap.admits()).isTrue();
        cap.created();
        assertThat(cap.admits()).as("9 counted + 1 created here").isFalse();
        assertThat(counters.get(Counters.Counter.SESSIONS_REFUSED)).isEqualTo(1);
    }

    @Test
    void theStoreIsCountedAtMostOncePerIntervalAndThenAgain() {
        SessionCap cap = cap(10);
        stored.set(10);
        for (int i = 0; i < 50; i++) {
            assertThat(cap.admits()).isFalse();
        }
        assertThat(counts.get()).isEqualTo(1);

        stored.set(4); // sessions expired meanwhile
        now.addAndGet(1_000);
        assertThat(cap.admits()).isTrue();
        assertThat(counts.get()).isEqualTo(2);
    }

    @Test
    void whatThisNodeCreatedBeforeACountIsNotCountedTwice() {
        SessionCap cap = cap(10);
        assertThat(cap.admits()).isTrue();
        for (int i = 0; i < 5; i++) {
            cap.created();
        }
        stored.set(5); // the count includes them
        now.addAndGet(1_000);
        assertThat(cap.admits()).as("5, not 10").isTrue();
    }

    @Test
    void withoutACapNothingIsCounted() {
        SessionCap cap = cap(-1);
        stored.set(1_000_000);
        assertThat(cap.admits()).isTrue();
        assertThat(counts.get()).isZero();
    }

    @Test
    void aStoreThatCannotBeCountedKeepsTheLastCountOrFailsTheFirst() {
        SessionCap failing = new SessionCap(10, 1_000, now::get, () -> {
            throw new StoreUnavailableException("no answer", null);
        }, counters, "/app");
        assertThatThrownBy(failing::admits).isInstanceOf(StoreUnavailableException.class);

        AtomicLong answer = new AtomicLong(10);
        SessionCap cap = new SessionCap(10, 1_000, now::get, () -> {
            if (answer.get() < 0) {
                throw new StoreUnavailableException("no answer", null);
            }
            return answer.get();
        }, counters, "/app");
        assertThat(cap.admits()).isFalse();
        answer.set(-1);
        now.addAndGet(1_000);
        assertThat(cap.admits()).as("the last count stands").isFalse();
    }
}
