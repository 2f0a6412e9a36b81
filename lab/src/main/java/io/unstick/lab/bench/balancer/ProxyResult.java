package io.unstick.lab.bench.balancer;

/**
 * One proxy's figures within one CPU budget.
 *
 * @param max             wrk, as fast as it goes (after a discarded warm-up run)
 * @param fixed           hey at the budget's fixed rate: latency at equal load
 * @param cpuPer1kAtMax   CPU seconds per second per 1000 req/s during the max run (all the proxy's processes); null
 *                        for no proxy
 * @param cpuPer1kAtFixed the same during the fixed-rate run
 * @param vsHaproxy       each figure divided by HAProxy's
 */
public record ProxyResult(String proxy, String description, LoadResult max, LoadResult fixed, Double cpuPer1kAtMax,
                          Double cpuPer1kAtFixed, Ratios vsHaproxy) {

    /** Ratios to HAProxy: req/s higher is better; latency and CPU lower is better. */
    public record Ratios(double maxRps, double maxP99, double fixedP50, double fixedP99, Double cpuPer1kAtFixed) {
    }

    ProxyResult withRatios(ProxyResult haproxy) {
        Double cpu = cpuPer1kAtFixed == null || haproxy.cpuPer1kAtFixed() == null ? null
                : ratio(cpuPer1kAtFixed, haproxy.cpuPer1kAtFixed());
        return new ProxyResult(proxy, description, max, fixed, cpuPer1kAtMax, cpuPer1kAtFixed, new Ratios(
                ratio(max.requestsPerSecond(), haproxy.max().requestsPerSecond()),
                ratio(max.p99Ms(), haproxy.max().p99Ms()),
                ratio(fixed.p50Ms(), haproxy.fixed().p50Ms()),
                ratio(fixed.p99Ms(), haproxy.fixed().p99Ms()), cpu));
    }

    private static double ratio(double value, double base) {
        return base == 0 ? 0 : Math.round(value / base * 1000) / 1000.0;
    }
}
