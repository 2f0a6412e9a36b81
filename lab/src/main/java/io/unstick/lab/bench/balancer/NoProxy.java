package io.unstick.lab.bench.balancer;

import java.util.Optional;

/** The ceiling: the load generator straight at the first backend. */
final class NoProxy implements ProxyUnderTest {

    @Override
    public String name() {
        return "no-proxy";
    }

    @Override
    public String description() {
        return "load straight at one backend: the ceiling";
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        return Optional.empty();
    }

    @Override
    public int port(BenchBalancerSpec spec) {
        return spec.backendPort(0);
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        return Optional.empty();
    }

    @Override
    public void stop(ProcessSet processes) {
        // nothing was started
    }
}
