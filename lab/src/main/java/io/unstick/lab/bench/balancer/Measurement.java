package io.unstick.lab.bench.balancer;

import io.unstick.lab.bench.ProcessCpu;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/** Runs the load against one started proxy and reads its CPU time around each measured window. */
final class Measurement {

    private final BenchBalancerSpec spec;
    private final CpuBudget budget;
    private final ToolRun tool;
    private final Path dir;
    private final int round;
    private final JitQuiet jitQuiet;
    private final PrintStream out;

    Measurement(BenchBalancerSpec spec, CpuBudget budget, ToolRun tool, Path dir, int round, JitQuiet jitQuiet,
                PrintStream out) {
        this.spec = spec;
        this.budget = budget;
        this.tool = tool;
        this.dir = dir;
        this.round = round;
        this.jitQuiet = jitQuiet;
        this.out = out;
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

    /**
     * Discarded wrk runs (JIT warm-up, pools filled, connections replaced once), then the measured one. A JVM proxy
     * ({@code clock} present) then gets further short discarded rounds until its JIT is quiet, up to a bound.
     */
    Windowed max(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie, Optional<CompileClock> clock) {
        String label = proxy.name() + "-" + budget.threads() + "-r" + round;
        long start = System.nanoTime();
        List<Duration> parts = warmupParts(spec.warmup());
        OptionalDouble lastRound = OptionalDouble.empty();
        for (int i = 0; i < parts.size(); i++) {
            Duration part = parts.get(i);
            String file = label + "-wrk-warmup" + (i > 0 ? "-churn" : "");
            lastRound = compiledDuring(clock, () -> warm(proxy, cookie, part, file)).compiled();
        }
        Duration extra = Duration.ZERO;
        JitQuiet.Decision decision = null;
        while (lastRound.isPresent()
                && (decision = jitQuiet.decide(lastRound.getAsDouble(), extra)) == JitQuiet.Decision.WARM_MORE) {
            extra = extra.plus(jitQuiet.round());
            String part = label + "-wrk-warmup-jit" + extra.toSeconds();
            lastRound = compiledDuring(clock, () -> warm(proxy, cookie, jitQuiet.round(), part)).compiled();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        double before = cpu(pid);
        Compiled<LoadResult> measured = compiledDuring(clock, () -> Wrk.run(tool, budget.pinLoad(
                Wrk.command(proxy.port(spec), wrkThreads(), spec.connections(), spec.duration(), cookie)),
                spec.duration(), dir.resolve(label + "-wrk.txt")));
        if (clock.isPresent()) {
            out.printf("  %-24s warm-up %d s (%d s extra, JIT %s): compiled %s s in the last warm-up round, %s s in"
                            + " the measured max run%n", proxy.name(), took.toSeconds(), extra.toSeconds(),
                    decision == null ? "not read" : decision.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    format(lastRound), format(measured.compiled()));
        }
        return new Windowed(measured.result(), cpuPer1k(pid, before, measured.result()));
    }

    private LoadResult warm(ProxyUnderTest proxy, Optional<String> cookie, Duration length, String file) {
        return Wrk.run(tool, budget.pinLoad(Wrk.command(proxy.port(spec), wrkThreads(), spec.connections(), length,
                cookie)), length, dir.resolve(file + ".txt"));
    }

    /** A load's result and the compile time the proxy's JIT added meanwhile (empty without a readable clock). */
    private record Compiled<T>(T result, OptionalDouble compiled) {
    }

    private static <T> Compiled<T> compiledDuring(Optional<CompileClock> clock, Supplier<T> load) {
        OptionalDouble before = clock.map(CompileClock::seconds).orElse(OptionalDouble.empty());
        T result = load.get();
        OptionalDouble after = clock.map(CompileClock::seconds).orElse(OptionalDouble.empty());
        return new Compiled<>(result, before.isPresent() && after.isPresent()
                ? OptionalDouble.of(Math.round((after.getAsDouble() - before.getAsDouble()) * 100) / 100.0)
                : OptionalDouble.empty());
    }

    private static String format(OptionalDouble seconds) {
        return seconds.isPresent() ? String.format(Locale.ROOT, "%.2f", seconds.getAsDouble()) : "?";
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

    Windowed fixed(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie, double rate,
                   Optional<CompileClock> clock) {
        String label = proxy.name() + "-" + budget.threads() + "-r" + round;
        double before = cpu(pid);
        Compiled<LoadResult> load = compiledDuring(clock, () -> Hey.run(tool, budget.pinLoad(Hey.command(
                proxy.port(spec), spec.connections(), rate, spec.duration(), cookie)), spec.duration(),
                dir.resolve(label + "-hey.txt")));
        if (clock.isPresent()) {
            out.printf("  %-24s compiled %s s in the fixed-rate run%n", proxy.name(), format(load.compiled()));
        }
        return new Windowed(load.result(), cpuPer1k(pid, before, load.result()));
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
