package io.unstick.lab.bench.balancer;

import io.unstick.lab.bench.ProcessCpu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs the load against one started proxy and reads its CPU time around each measured window. */
final class Measurement {

    private final BenchBalancerSpec spec;
    private final CpuBudget budget;
    private final ToolRun tool;
    private final Path dir;
    private final int round;

    Measurement(BenchBalancerSpec spec, CpuBudget budget, ToolRun tool, Path dir, int round) {
        this.spec = spec;
        this.budget = budget;
        this.tool = tool;
        this.dir = dir;
        this.round = round;
    }

    record Windowed(LoadResult load, Double cpuPer1k) {
    }

    /**
     * The last seconds of a warm-up of at least {@link #CHURN_FROM} run on new connections: a long-running proxy has
     * seen connections close and open. A JVM proxy whose warm-up never did throws its compiled event loop away when
     * the measured run's connections replace the warm-up's, and recompiles it on its one CPU during the measured run
     * (docs/BENCHMARKS.md, "The tail at saturation"). Processes without a JIT are unaffected.
     */
    static final Duration CHURN = Duration.ofSeconds(5);
    static final Duration CHURN_FROM = Duration.ofSeconds(10);

    /** Discarded wrk runs (JIT warm-up, pools filled, connections replaced once), then the measured one. */
    Windowed max(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie) {
        String label = proxy.name() + "-" + budget.threads() + "-r" + round;
        List<Duration> parts = warmupParts(spec.warmup());
        for (int i = 0; i < parts.size(); i++) {
            Duration part = parts.get(i);
            Wrk.run(tool, budget.pinLoad(Wrk.command(proxy.port(spec), wrkThreads(), spec.connections(), part, cookie)),
                    part, dir.resolve(label + "-wrk-warmup" + (i > 0 ? "-churn" : "") + ".txt"));
        }
        double before = cpu(pid);
        LoadResult load = Wrk.run(tool, budget.pinLoad(Wrk.command(proxy.port(spec), wrkThreads(), spec.connections(),
                spec.duration(), cookie)), spec.duration(), dir.resolve(label + "-wrk.txt"));
        return new Windowed(load, cpuPer1k(pid, before, load));
    }

    /** The warm-up as separate wrk runs, each on its own connections: none, one, or the main part and {@link #CHURN}. */
    static List<Duration> warmupParts(Duration warmup) {
        if (warmup.isZero()) {
            return List.of();
        }
        if (warmup.compareTo(CHURN_FROM) < 0) {
            return List.of(warmup);
        }
        return List.of(warmup.minus(CHURN), CHURN);
    }

    Windowed fixed(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie, double rate) {
        String label = proxy.name() + "-" + budget.threads() + "-r" + round;
        double before = cpu(pid);
        LoadResult load = Hey.run(tool, budget.pinLoad(Hey.command(proxy.port(spec), spec.connections(), rate,
                spec.duration(), cookie)), spec.duration(), dir.resolve(label + "-hey.txt"));
        return new Windowed(load, cpuPer1k(pid, before, load));
    }

    private Double cpuPer1k(Optional<Long> pid, double before, LoadResult load) {
        if (pid.isEmpty() || load.requestsPerSecond() <= 0) {
            return null;
        }
        double cores = (cpu(pid) - before) / seconds(spec.duration());
        return Math.round(cores / (load.requestsPerSecond() / 1000) * 10000) / 10000.0;
    }

    private static double cpu(Optional<Long> pid) {
        return pid.map(ProcessCpu::seconds).orElse(0.0);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** One wrk thread per load CPU. */
    private int wrkThreads() {
        String cpus = budget.loadCpus();
        if (!cpus.contains("-")) {
            return 1;
        }
        String[] range = cpus.split("-");
        return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
    }
}
