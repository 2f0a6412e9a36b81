package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;
import io.unstick.lab.stack.Ports;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every proxy in every CPU budget against the same backends and load, HAProxy first in each budget because
 * its max sets the fixed rate; returns the figures with their ratios to HAProxy.
 */
public final class BalancerBench {

    static final String HAPROXY = "haproxy";

    private final BenchBalancerSpec spec;
    private final PrintStream out;
    private final ProcessSet processes;
    private final ToolRun tool = new ToolRun();
    private final int machineCpus = Runtime.getRuntime().availableProcessors();

    public BalancerBench(BenchBalancerSpec spec, PrintStream out) {
        this.spec = spec;
        this.out = out;
        this.processes = new ProcessSet(spec.outDir().resolve("logs"));
        contenders(spec.proxies()); // an unknown name fails here, before anything starts
    }

    /** Every contender in the order of the tables; the ceiling fixture only when {@code --proxies} names it. */
    private static List<ProxyUnderTest> all() {
        return List.of(new NoProxy(), HaproxyProxy.cookie(), HaproxyProxy.leastconn(), new NginxProxy(),
                new UnstickProxy("cookie"), new UnstickProxy("least-requests"), new CeilingProxy());
    }

    /** The names {@code --proxies} accepts, in table order. */
    static List<String> names() {
        return all().stream().map(ProxyUnderTest::name).toList();
    }

    /**
     * The selected contenders in table order: all but the ceiling fixture when none are named; HAProxy always, since
     * every ratio is taken to it.
     *
     * @throws IllegalArgumentException for a name that is not a contender
     */
    static List<ProxyUnderTest> contenders(List<String> selected) {
        List<String> unknown = selected.stream().filter(name -> !names().contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--proxies: unknown " + unknown + "; choose from " + names());
        }
        return all().stream()
                .filter(p -> selected.isEmpty() ? !p.name().equals(CeilingProxy.NAME)
                        : selected.contains(p.name()) || p.name().equals(HAPROXY))
                .toList();
    }

    public List<BudgetResult> run() {
        List<Integer> ports = new ArrayList<>(List.of(spec.proxyPort(), spec.adminPort()));
        for (int i = 0; i < Backends.COUNT; i++) {
            ports.add(spec.backendPort(i));
        }
        Ports.requireFree(ports);
        List<BudgetResult> results = new ArrayList<>();
        try {
            for (int threads : spec.budgets()) {
                results.add(budget(CpuBudget.of(threads, machineCpus)));
            }
        } finally {
            abort();
        }
        return results;
    }

    /** Stops the running load generator and every process; safe from a shutdown hook. */
    public void abort() {
        tool.abort();
        processes.stopAll();
    }

    private BudgetResult budget(CpuBudget budget) {
        out.printf("budget %d: %s%n", budget.threads(), budget.describe());
        List<ManagedProcess> backends = Backends.start(processes, spec, budget);
        List<ProxyUnderTest> order = new ArrayList<>(contenders(spec.proxies()));
        order.sort(Comparator.comparing(p -> !p.name().equals(HAPROXY)));
        Map<String, List<ProxyResult>> rounds = new LinkedHashMap<>();
        double rate = 0;
        for (int round = 1; round <= spec.rounds(); round++) {
            if (spec.rounds() > 1) {
                out.printf(" round %d of %d%n", round, spec.rounds());
            }
            Measurement measurement = new Measurement(spec, budget, tool, processes.logDir(), round, JitQuiet.DEFAULT, out);
            for (ProxyUnderTest proxy : order) {
                ProxyResult result = measure(proxy, budget, measurement, rate);
                if (rate == 0) {
                    rate = fixedRate(result.max()); // HAProxy's first max: the same rate for everyone after
                }
                rounds.computeIfAbsent(proxy.name(), name -> new ArrayList<>()).add(result);
            }
        }
        backends.forEach(processes::stop);
        ProxyResult haproxy = RoundMedians.of(rounds.get(HAPROXY));
        List<ProxyResult> withRatios = contenders(spec.proxies()).stream()
                .map(c -> RoundMedians.of(rounds.get(c.name())).withRatios(haproxy))
                .toList();
        return new BudgetResult(budget.threads(), budget.proxyCpus(), budget.loadCpus(), budget.separated(),
                budget.describe(), rate, withRatios);
    }

    /** @param rate the fixed rate, or 0 for HAProxy, whose own max sets it */
    private ProxyResult measure(ProxyUnderTest proxy, CpuBudget budget, Measurement measurement, double rate) {
        out.printf("  %-24s starting%n", proxy.name());
        Optional<Long> pid = proxy.start(processes, spec, budget);
        try {
            Optional<String> cookie = proxy.cookie(spec);
            // Only a JVM proxy has a JIT to wait for; --smoke must not wait for anything.
            Optional<CompileClock> clock = proxy.jvm() && !spec.smoke()
                    ? pid.map(p -> new CompileClock(p, out)) : Optional.empty();
            Measurement.Windowed max = measurement.max(proxy, pid, cookie, clock);
            double fixedRate = rate > 0 ? rate : fixedRate(max.load());
            Measurement.Windowed fixed = measurement.fixed(proxy, pid, cookie, fixedRate, clock);
            out.printf("  %-24s %,10.0f req/s max, p99 %.2f ms at %,.0f req/s%n", proxy.name(),
                    max.load().requestsPerSecond(), fixed.load().p99Ms(), fixedRate);
            return new ProxyResult(proxy.name(), proxy.description(), max.load(), fixed.load(), max.cpuPer1k(),
                    fixed.cpuPer1k(), null);
        } finally {
            proxy.stop(processes);
        }
    }

    private double fixedRate(LoadResult haproxyMax) {
        return Math.max(spec.connections(), Math.round(haproxyMax.requestsPerSecond() * spec.fixedRateShare()));
    }
}
