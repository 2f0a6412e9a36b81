package io.unstick.lab.bench.balancer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A JVM proxy's measured fixed-rate run follows a discarded hey run at the same rate (its JIT would otherwise compile
 * for hey's load during the measured run); a proxy without a JIT goes straight to it.
 */
class HeyWarmupTest {

    private static Map<String, List<Duration>> heyWarmups(Duration warmup) {
        Map<String, List<Duration>> parts = new LinkedHashMap<>();
        BalancerBench.contenders(BalancerBench.names())
                .forEach(proxy -> parts.put(proxy.name(), Measurement.heyWarmupParts(proxy, warmup)));
        return parts;
    }

    @Test
    void onlyTheJvmProxiesGetTenSecondsOfHeyBeforeTheirMeasuredFixedRateRun() {
        assertThat(heyWarmups(Duration.ofSeconds(30))).containsExactly(
                entry("no-proxy", List.of()),
                entry("haproxy", List.of()),
                entry("haproxy-leastconn", List.of()),
                entry("nginx", List.of()),
                entry("unstick-cookie", List.of(Duration.ofSeconds(10))),
                entry("unstick-least-requests", List.of(Duration.ofSeconds(10))),
                entry("ceiling-forwarder", List.of(Duration.ofSeconds(10))));
    }

    @Test
    void aShorterWarmupShortensItAndNoWarmupLeavesItOut() {
        assertThat(heyWarmups(Duration.ofSeconds(1))).containsEntry("unstick-least-requests", List.of(Duration.ofSeconds(1)))
                .containsEntry("haproxy", List.of());
        assertThat(heyWarmups(Duration.ZERO)).allSatisfy((name, parts) -> assertThat(parts).as(name).isEmpty());
    }
}
