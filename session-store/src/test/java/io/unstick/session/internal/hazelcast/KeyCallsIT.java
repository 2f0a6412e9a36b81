package io.unstick.session.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import io.unstick.session.internal.core.Counters;
import io.unstick.session.internal.core.SessionDelta;
import io.unstick.session.internal.core.SessionRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a request's store calls on a member leave nothing to Hazelcast's default asynchronous executor, which
 * starts a new thread per task on machines with 2 CPUs or fewer ({@link KeyCalls}).
 */
class KeyCallsIT {

    private static final long TTL = 60_000;
    private static final int CALLS = 40;

    private static HazelcastInstance member;
    private static HazelcastSessionStore store;

    @BeforeAll
    static void startMember() {
        member = LoopbackMember.start("key-calls-it");
        store = new HazelcastSessionStore(member, "sessions", 10_000, 5_000, new Counters());
    }

    @AfterAll
    static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    void writesAndReadsAnswerTheRequestThreadWithoutAnotherThread() {
        Executor original = ConcurrencyUtil.getDefaultAsyncExecutor();
        AtomicInteger handedOff = new AtomicInteger();
        ConcurrencyUtil.setDefaultAsyncExecutor(task -> {
            handedOff.incrementAndGet();
            original.execute(task);
        });
        try {
            for (int i = 0; i < CALLS; i++) {
                String id = "session-" + i;
                store.beginRequest();
                try {
                    assertThat(store.commit(creating(id)).isApplied()).isTrue();
                    SessionRecord read = store.load(id).orElseThrow();
                    assertThat(read.attributes()).containsKey("cart");
                    assertThat(store.loadToKeep(id, "node1")).isPresent();
                } finally {
                    store.endRequest();
                }
            }
        } finally {
            ConcurrencyUtil.setDefaultAsyncExecutor(original);
        }
        assertThat(handedOff.get()).as("tasks handed to Hazelcast's default executor by %d writes and %d reads",
                CALLS, 2 * CALLS).isZero();
    }

    private static SessionDelta creating(String id) {
        return SessionDelta.creating(id, System.currentTimeMillis(), "node1")
                .change("cart", new byte[] {1, 2, 3}, SessionDelta.ABSENT)
                .accessedAt(System.currentTimeMillis(), TTL);
    }
}
