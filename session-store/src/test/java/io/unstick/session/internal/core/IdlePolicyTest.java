package io.unstick.session.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdlePolicyTest {

    @ParameterizedTest(name = "{0} s -> slack {1} ms, ttl {2} ms")
    @CsvSource({
            "0,     0,     0",
            "-1,    0,     0",
            "1,     100,   1100",
            "30,    3000,  33000",
            "1800,  60000, 1860000",
    })
    void theStoreKeepsASessionForItsIntervalPlusASlack(int maxInactive, long slack, long ttl) {
        assertThat(IdlePolicy.slackMillis(maxInactive)).isEqualTo(slack);
        assertThat(IdlePolicy.ttlMillis(maxInactive)).isEqualTo(ttl);
    }

    @Test
    void theIdleClockIsRefreshedAtMostOncePerSlack() {
        assertThat(IdlePolicy.refreshDue(10_000, 12_999, 30)).isFalse();
        assertThat(IdlePolicy.refreshDue(10_000, 13_000, 30)).isTrue();
        assertThat(IdlePolicy.refreshDue(10_000, 99_000, 0)).isFalse();
    }

    @ParameterizedTest(name = "created with {0} s (context {1} s, empty {2} s) -> {3} s, holding -> {4} s")
    @CsvSource({
            "1800, 1800, 0,  1800, 1800", // option off
            "1800, 1800, 60, 60,   1800", // left at the context's default: short until it holds something
            "60,   1800, 60, 60,   1800", // the application chose the same short one: it holds, it gets the default
            "120,  1800, 60, 120,  120",  // the application's own timeout stays
            "0,    1800, 60, 0,    0",    // never expires: stays
    })
    void anEmptySessionLivesTheShortTimeoutUntilItHoldsSomething(int current, int contextDefault, int empty,
                                                                  int created, int holding) {
        assertThat(IdlePolicy.whenCreated(current, contextDefault, empty)).isEqualTo(created);
        assertThat(IdlePolicy.whenHolding(created, contextDefault, empty)).isEqualTo(holding);
    }
}
