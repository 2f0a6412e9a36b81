package io.unstick.lab.bench.balancer;

import java.util.Optional;

/** One contender: how to start it within a CPU budget, and the cookie a returning client would send it. */
public interface ProxyUnderTest {

    /** Short name in the tables and the JSON, e.g. {@code haproxy}. */
    String name();

    /** What it is and how it routes, for the report. */
    String description();

    /**
     * Starts it pinned to the budget's CPUs, listening on the spec's proxy port, and waits until it answers.
     *
     * @return the pid whose process tree is the proxy, for CPU accounting; empty when nothing was started
     */
    Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget);

    /** A JVM, whose warm-up goes on until its JIT compiler is quiet ({@link JitQuiet}); HAProxy and nginx are not. */
    default boolean jvm() {
        return false;
    }

    /** The port the load goes to. */
    default int port(BenchBalancerSpec spec) {
        return spec.proxyPort();
    }

    /** The Cookie header value an established client sends, so routing takes its sticky path; empty for none. */
    Optional<String> cookie(BenchBalancerSpec spec);

    /** Stops what {@link #start} started. */
    void stop(ProcessSet processes);
}
