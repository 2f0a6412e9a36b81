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
}
