package io.unstick.lab.bench.sessions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One result per mode and workload from several rounds: throughput, latencies, capacity and the per-request CPU and
 * bytes are the rounds' medians, which one disturbed window cannot move; the counts (requests, errors, bytes, sockets)
 * are their sums, so that no error hides behind a median.
 */
final class Medians {

    private Medians() {
    }

    /** @param rounds each round's results; the order is the first round's */
    static List<VariantResult> of(List<List<VariantResult>> rounds) {
        Map<String, List<VariantResult>> byRun = new LinkedHashMap<>();
        for (List<VariantResult> round : rounds) {
            for (VariantResult run : round) {
                byRun.computeIfAbsent(run.mode() + "/" + run.workload(), key -> new ArrayList<>()).add(run);
            }
        }
        return byRun.values().stream().map(Medians::median).toList();
    }

    private static VariantResult median(List<VariantResult> runs) {
        VariantResult first = runs.get(0);
        Map<String, Long> errorsByKind = new LinkedHashMap<>();
        runs.forEach(run -> run.errorsByKind().forEach((kind, count) -> errorsByKind.merge(kind, count, Long::sum)));
        return new VariantResult(first.mode(), first.workload(), first.targetRate(),
                sum(runs, VariantResult::requests), sum(runs, VariantResult::ok), sum(runs, VariantResult::errors),
                errorsByKind, median(runs, VariantResult::throughput), median(runs, VariantResult::p50Ms),
                median(runs, VariantResult::p99Ms), median(runs, VariantResult::p999Ms), median(runs, VariantResult::maxMs),
                median(runs, VariantResult::ownDelayP99Ms),
                sum(runs, VariantResult::clusterBytes), median(runs, VariantResult::bytesPerRequest),
                (int) sum(runs, VariantResult::socketsOpened), (int) sum(runs, VariantResult::socketsClosed),
                median(runs, VariantResult::maxThroughput), sum(runs, VariantResult::maxErrors),
                median(runs, VariantResult::stackCpuMs), median(runs, VariantResult::loadCpuMs));
    }

    private static long sum(List<VariantResult> runs, ToLongFunction<VariantResult> count) {
        return runs.stream().mapToLong(count).sum();
    }

    /** The median of the rounds that measured the figure (a skipped capacity window is NaN); NaN when none did. */
    static double median(List<VariantResult> runs, ToDoubleFunction<VariantResult> figure) {
        double[] values = runs.stream().mapToDouble(figure).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
