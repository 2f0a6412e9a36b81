package io.unstick.lab.compare;

import io.unstick.lab.compare.load.Observations;
import io.unstick.lab.compare.load.Sampler;
import io.unstick.lab.compare.report.FaultEvent;
import io.unstick.lab.compare.report.LatencyMs;
import io.unstick.lab.compare.report.RunResult;
import io.unstick.lab.compare.report.TimelinePoint;
import io.unstick.lab.stack.Variant;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one run's raw observations into its {@link RunResult}: shares, their spread, rates, percentiles. */
final class RunResults {

    private RunResults() {
    }

    static RunResult of(Variant mode, CompareSpec spec, Observations.Counts counts, Sampler sampler, int nodes,
                        double durationS, Double recoverySeconds, Double faultAtS, Double faultEndS,
                        List<FaultEvent> events,
                        String faultError, Long storeTimeoutMs, long balancerResets,
                        Map<String, Long> byNodeBeforeFault) {
        Histogram latency = sampler.totalLatency();
        List<TimelinePoint> timeline = sampler.points();
        Map<String, Double> share = nodeShare(counts.byNode(), nodes);
        return new RunResult(mode.label(), spec.fault().label(), nodes, spec.shoppers(), durationS,
                counts.requests(), counts.errors(), counts.lostItems(), counts.resurrectedItems(),
                counts.divergentAnswers(), counts.sessionResets(), counts.relogins(),
                round(counts.ok() / Math.max(durationS, 0.001), 1),
                new LatencyMs(millis(latency, 50), millis(latency, 95), millis(latency, 99),
                        round(counts.longestMicros() / 1_000.0, 1)),
                share, round(coefficientOfVariation(share.values()), 3), recoverySeconds,
                counts.errorsByStatus(), counts.extraItems(), counts.visits(), counts.checkouts(),
                balancerResets, counts.idChangesByLogin(), counts.sessionsLostWithLoginAnswer(),
                counts.itemsLostWithLoginAnswer(),
                round(coefficientOfVariation(nodeShare(byNodeBeforeFault, nodes).values()), 3), faultAtS, faultEndS,
                events, faultError, storeTimeoutMs,
                new RunResult.Cpu(round(timeline.stream().mapToDouble(TimelinePoint::loadGeneratorCpu).average().orElse(0), 3),
                        round(timeline.stream().mapToDouble(TimelinePoint::loadGeneratorCpu).max().orElse(0), 3)),
                timeline);
    }

    /** Every node of the stack, node1..nodeN, with its share of the answers (0 if it served none). */
    static Map<String, Double> nodeShare(Map<String, Long> byNode, int nodes) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (int i = 1; i <= nodes; i++) {
            all.put("node" + i, 0L);
        }
        byNode.forEach((node, count) -> all.merge(node, count, Long::sum));
        long total = all.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> share = new LinkedHashMap<>();
        all.forEach((node, count) -> share.put(node, total == 0 ? 0 : round((double) count / total, 4)));
        return share;
    }

    /** Population standard deviation over the mean; 0 for an even spread (and for no data). */
    static double coefficientOfVariation(java.util.Collection<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean == 0) {
            return 0;
        }
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
        return Math.sqrt(variance) / mean;
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : round(histogram.getValueAtPercentile(percentile) / 1_000.0, 2);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
