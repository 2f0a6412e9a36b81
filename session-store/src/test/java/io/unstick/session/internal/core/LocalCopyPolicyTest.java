package io.unstick.session.internal.core;

import io.unstick.session.internal.core.LocalCopyPolicy.Lookup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every decision about this node's copy of a session, in shared and hybrid mode, as tables. */
class LocalCopyPolicyTest {

    @ParameterizedTest(name = "localCache={0} {1}, copy={2}, takingOver={3} -> {4}")
    @CsvSource({
            // localCache, concurrency, copy,          takingOver, lookup
            "false, MERGE, none,          false, READ_STORE",
            "false, MERGE, idle,          false, READ_STORE",        // shared: a copy never outlives its requests
            "false, MERGE, in-use,        false, SHARE_COPY_IN_USE", // requests of one node share one object
            "true,  MERGE, none,          false, READ_STORE",
            "true,  MERGE, idle,          false, SERVE_COPY",        // hybrid: the kept copy, no store read
            "true,  MERGE, in-use,        false, SERVE_COPY",
            "true,  MERGE, stale,         false, READ_STORE",        // another node changed it: never served again
            "true,  MERGE, stale-in-use,  false, READ_STORE",        // ... nor shared with a new request
            "false, MERGE, stale-in-use,  false, READ_STORE",        // it holds a refused commit's changes
            "true,  MERGE, idle,          true,  READ_STORE",        // the cookie names another node: it served since
            "true,  MERGE, in-use,        true,  SHARE_COPY_IN_USE",
            "true,  LOCK,  idle,          false, READ_STORE",        // lock mode: the store has the latest state
            "true,  LOCK,  in-use,        false, SHARE_COPY_IN_USE",
    })
    void whereARequestsSessionComesFrom(boolean localCache, Concurrency concurrency, String copy, boolean takingOver,
                                        Lookup expected) {
        assertThat(new LocalCopyPolicy(localCache, concurrency).lookup(copy(copy), takingOver)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "localCache={0}, copy={1}: kept after its last request={2}, dropped on change={3}")
    @CsvSource({
            // localCache, copy,         keptAfterLastRequest, droppedWhenChangedElsewhere, expiredWithCopy
            "false, idle,          false, true,  true",
            "true,  idle,          true,  true,  true",
            "true,  stale,         false, true,  false",
            "true,  in-use,        true,  false, true",
            "true,  stale-in-use,  false, false, false",
    })
    void whatHappensToACopy(boolean localCache, String copy, boolean keptAfterLastRequest,
                            boolean droppedWhenChangedElsewhere, boolean expiredWithCopy) {
        LocalCopyPolicy policy = new LocalCopyPolicy(localCache, Concurrency.MERGE);

        assertThat(policy.keepAfterLastRequest(copy(copy))).as("kept after its last request")
                .isEqualTo(keptAfterLastRequest);
        assertThat(policy.dropWhenChangedElsewhere(copy(copy))).as("dropped when changed elsewhere")
                .isEqualTo(droppedWhenChangedElsewhere);
        assertThat(policy.expireWithCopy(copy(copy))).as("its listeners run on this copy at expiry")
                .isEqualTo(expiredWithCopy);
        assertThat(policy.keepAfterCommit(false)).as("the store no longer has the session").isFalse();
        assertThat(policy.keepAfterCommit(true)).isTrue();
    }

    @ParameterizedTest(name = "localCache={0}, copy={1}, idle {2} ms, maxInactive {3} s -> dropped={4}")
    @CsvSource({
            // localCache, copy,   idleMillis, maxInactiveSeconds, dropped
            "false, idle,   0,       1800, true",   // shared: a leftover copy goes at the next sweep
            "false, in-use, 0,       1800, false",
            "true,  idle,   0,       1800, false",
            "true,  idle,   1860000, 1800, false",  // within interval + slack: the store may still have it
            "true,  idle,   1860001, 1800, true",   // past it: the store has expired it
            "true,  idle,   9999999, 0,    false",  // never expires
            "true,  stale,  0,       1800, true",
            "true,  in-use, 9999999, 1,    false",
    })
    void whichCopiesTheSweepDrops(boolean localCache, String copy, long idleMillis, int maxInactive,
                                  boolean dropped) {
        assertThat(new LocalCopyPolicy(localCache, Concurrency.MERGE).dropOnSweep(copy(copy), idleMillis, maxInactive))
                .isEqualTo(dropped);
    }

    @ParameterizedTest(name = "localCache={0} keeps copies={1}")
    @CsvSource({"false, false", "true, true"})
    void onlyHybridKeepsCopies(boolean localCache, boolean keeps) {
        assertThat(new LocalCopyPolicy(localCache, Concurrency.LOCK).keepsCopies()).isEqualTo(keeps);
    }

    /** none, idle, in-use, stale or stale-in-use. */
    private static LocalCopy copy(String state) {
        if (state.equals("none")) {
            return null;
        }
        LocalCopy copy = new LocalCopy();
        if (state.contains("in-use")) {
            copy.requestStarted();
        }
        if (state.startsWith("stale")) {
            copy.markStale();
        }
        return copy;
    }
}
