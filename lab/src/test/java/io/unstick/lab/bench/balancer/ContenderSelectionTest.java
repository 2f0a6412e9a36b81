package io.unstick.lab.bench.balancer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --proxies}: the default set leaves the ceiling fixture out, HAProxy is always in, table order is kept. */
class ContenderSelectionTest {

    private static List<String> names(List<String> selected) {
        return BalancerBench.contenders(selected).stream().map(ProxyUnderTest::name).toList();
    }

    @Test
    void withoutASelectionEveryProxyButTheCeilingFixtureIsMeasured() {
        assertThat(names(List.of())).containsExactly("no-proxy", "haproxy", "haproxy-leastconn", "nginx",
                "unstick-cookie", "unstick-least-requests");
    }

    @Test
    void aSelectionKeepsHaproxyTheBaselineAndTheTableOrder() {
        assertThat(names(List.of("ceiling-forwarder", "unstick-cookie")))
                .containsExactly("haproxy", "unstick-cookie", "ceiling-forwarder");
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesToChooseFrom() {
        assertThatThrownBy(() -> BalancerBench.contenders(List.of("unstick", "haproxy")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown [unstick]")
                .hasMessageContaining("ceiling-forwarder");
    }
}
