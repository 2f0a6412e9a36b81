package io.unstick.lab.bench.sessions;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionReportTest {

    private static VariantResult run(String mode, double throughput, double p50, double p99, double bytes) {
        return withCapacity(mode, throughput, p50, p99, bytes, Double.NaN);
    }

    private static VariantResult withCapacity(String mode, double throughput, double p50, double p99, double bytes,
                                              double capacity) {
        return new VariantResult(mode, 100, 1000, 1000, 0, Map.of(), throughput, p50, p99, p99, p99, 0, bytes,
                capacity, 0, Double.NaN, Double.NaN);
    }

    @Test
    void checksTheTargetsAsRatiosToStickyAndFlagsRunsThatFellBehind() {
        List<VariantResult> runs = List.of(run("sticky", 100, 2, 5, 0), run("shared", 98, 3, 6, 1500),
                run("hybrid", 80, 300, 900, 1200), run("delta", 100, 2, 5, 2000));
        SessionReport report = new SessionReport("now", "2 cores", "100 req/s", runs,
                List.of(new ScaleResult(10_000, 900, 0, 2, 10, 0, 2000), new ScaleResult(100_000, 900, 0, 2, 11, 0, 1900)),
                new java.util.ArrayList<>(Targets.check(runs)));
        assertThat(report.targets()).extracting(Target::met).containsExactly(true, true, false, true, true);
        assertThat(Targets.scale(report.scale())).get().extracting(Target::met).isEqualTo(true);
        assertThat(report.saturated()).singleElement().asString().startsWith("hybrid did not keep up");
        assertThat(report.table()).contains("0.980x", "! hybrid did not keep up");
        assertThat(report.markdown()).contains("| shared | 98.0 | 3.00 | 6.00 | 6.00 | 0 | - | 0.980x |", "| 100000 | 900 |");
        assertThat(report.targets().get(0).measured()).isEqualTo("0.980x at the fixed rate");
        SessionReport small = new SessionReport("now", "2 cores", "100 req/s", runs,
                List.of(new ScaleResult(10_000, 900, 0, 2, 10, 0, -1013)), report.targets());
        assertThat(small.markdown()).contains("| 10000 | 900 | 2.00 | 10.00 | 0 | below noise |");
    }

    @Test
    void throughputTargetsCompareCapacitiesWhenTheRunMeasuredThem() {
        // Every mode kept the fixed rate; only the closed-loop capacity tells them apart.
        List<VariantResult> runs = List.of(withCapacity("sticky", 100, 2, 5, 0, 1000),
                withCapacity("shared", 100, 3, 6, 1500, 800), withCapacity("hybrid", 100, 2, 5, 1200, 960));
        List<Target> targets = Targets.check(runs);
        assertThat(targets.get(0).measured()).isEqualTo("0.800x at capacity");
        assertThat(targets.get(0).met()).isFalse();
        assertThat(targets.get(2).measured()).isEqualTo("0.960x at capacity");
        assertThat(targets.get(2).met()).isTrue();
        SessionReport report = new SessionReport("now", "2 cores", "100 req/s", runs, List.of(), targets);
        assertThat(report.markdown()).contains("| shared | 100.0 | 3.00 | 6.00 | 6.00 | 0 | 800.0 | 0.800x | 1500 | - | - | - |");
        assertThat(report.table()).contains("0.800x");
    }

    @Test
    void theStacksCpuPerRequestGivesTheRatioWithoutTheLoadGenerator() {
        // The load generator's 0.3 ms per request on the same CPUs narrows the capacity gap; the stack's CPU does not.
        List<VariantResult> runs = List.of(
                new VariantResult("sticky", 100, 1000, 1000, 0, Map.of(), 100, 1, 2, 3, 4, 0, 0, 4000, 0, 0.2, 0.3),
                new VariantResult("hybrid", 100, 1000, 1000, 0, Map.of(), 100, 1, 2, 3, 4, 0, 800, 2400, 0, 0.5, 0.3));
        List<Target> targets = Targets.check(runs);
        assertThat(targets.get(2).measured()).isEqualTo("0.600x at capacity; 0.400x by the stack's CPU per request");
        SessionReport report = new SessionReport("now", "2 cores", "100 req/s", runs, List.of(), targets);
        assertThat(report.markdown()).contains("| hybrid | 100.0 | 1.00 | 2.00 | 3.00 | 0 | 2400.0 | 0.600x | 800 | 0.500 | 0.400x | 0.300 |");
        assertThat(report.table()).contains("0.500    0.400x");
    }
}
