package io.unstick.lab.bench.balancer;

import io.unstick.lab.bench.balancer.ceiling.ForwarderCeiling;
import io.unstick.lab.stack.ManagedProcess;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@link ForwarderCeiling} measurement fixture in a JVM of its own, started like the balancer (N I/O threads, a
 * JVM that sees N processors, the same heap and GC): what a purpose-built forwarder on the JVM could reach. Only
 * measured when {@code --proxies} names it; it is not a product path.
 */
final class CeilingProxy implements ProxyUnderTest {

    static final String NAME = "ceiling-forwarder";

    private ManagedProcess process;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "measurement fixture, not a product: minimal keep-alive HTTP/1.1 forwarder on XNIO, N I/O threads,"
                + " -XX:ActiveProcessorCount=N, routes by SERVERID=sN, adds X-Forwarded-For and Forwarded";
    }

    @Override
    public boolean jvm() {
        return true;
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        // a safety net only: the bench stops it after its runs, and it exits by itself after this long in any case
        Duration lifetime = spec.warmup().plus(spec.duration().multipliedBy(2)).plusMinutes(10);
        List<String> java = new ArrayList<>(UnstickProxy.jvm(budget));
        java.addAll(List.of("-cp", labClasspath(), ForwarderCeiling.class.getName(), String.valueOf(spec.proxyPort()),
                String.valueOf(budget.threads()), String.valueOf(lifetime.toSeconds())));
        for (int i = 0; i < Backends.COUNT; i++) {
            java.add(String.valueOf(spec.backendPort(i)));
        }
        process = processes.start(name() + "-" + budget.threads(), budget.pinProxy(java), Map.of(), spec.proxyPort());
        return process.pid();
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        return Optional.of("SERVERID=s1");
    }

    @Override
    public void stop(ProcessSet processes) {
        if (process != null) {
            processes.stop(process);
        }
    }

    /** The lab's own classpath (the shaded jar when run by ./unstick), absolute: the fixture's classes and XNIO. */
    private static String labClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
