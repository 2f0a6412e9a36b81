package io.unstick.lab.bench.balancer;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One proxy's rounds folded into one result: the median of each figure (robust against a round that another
 * process on a shared machine slowed down), errors and request counts summed.
 */
final class RoundMedians {

    private RoundMedians() {
    }

    static ProxyResult of(List<ProxyResult> rounds) {
        ProxyResult first = rounds.get(0);
        if (rounds.size() == 1) {
            return first;
        }
        return new ProxyResult(first.proxy(), first.description(), load(rounds.stream().map(ProxyResult::max).toList()),
                load(rounds.stream().map(ProxyResult::fixed).toList()),
                first.cpuPer1kAtMax() == null ? null : median(rounds, ProxyResult::cpuPer1kAtMax),
                first.cpuPer1kAtFixed() == null ? null : median(rounds, ProxyResult::cpuPer1kAtFixed), null);
    }

    private static LoadResult load(List<LoadResult> loads) {
        return new LoadResult(median(loads, LoadResult::requestsPerSecond), median(loads, LoadResult::p50Ms),
                median(loads, LoadResult::p99Ms), loads.stream().mapToLong(LoadResult::requests).sum(),
                loads.stream().mapToLong(LoadResult::errors).sum());
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
