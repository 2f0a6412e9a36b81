package io.unstick.lab.bench.balancer;

import io.unstick.lab.bench.ProcessCpu;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
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
     * The discarded hey run before a JVM proxy's measured fixed-rate run, at the same rate and connections: hey
     * reaches code the wrk warm-up does not, and unstick least-requests compiled 3.4-8.4 s of a 10 s fixed-rate run
     * without it (docs/BENCHMARKS.md, fourth and fifth runs). {@code --warmup} when shorter (1 s with --smoke).
     */
    static final Duration HEY_WARMUP = Duration.ofSeconds(10);

    /** A discarded warm-up: how long it took, its extra JIT-quiet part and outcome, its last round's compile time. */
    private record Warmup(Duration took, Duration extra, Optional<JitQuiet.Decision> decision, OptionalDouble lastRound) {
    }

    /**
     * Discarded wrk runs (JIT warm-up, pools filled, connections replaced once), then the measured one. A JVM proxy
     * ({@code clock} present) then gets further short discarded rounds until its JIT is quiet, up to a bound.
     */
    Windowed max(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie, Optional<CompileClock> clock) {
        return warmThenMeasure(proxy, pid, clock, warmupParts(spec.warmup()), "wrk", "max",
                (length, log) -> wrk(proxy, cookie, length, log));
    }

    /**
     * For a JVM proxy a discarded hey run at the fixed rate first ({@link #heyWarmupParts}), further rounds until its
     * JIT is quiet for this load too, then the measured one.
     */
    Windowed fixed(ProxyUnderTest proxy, Optional<Long> pid, Optional<String> cookie, double rate,
                   Optional<CompileClock> clock) {
        return warmThenMeasure(proxy, pid, clock, heyWarmupParts(proxy, spec.warmup()), "hey", "fixed-rate",
                (length, log) -> hey(proxy, cookie, rate, length, log));
    }

    /**
     * The discarded warm-up parts and JIT-quiet rounds of one load, then its measured run with the proxy's CPU around
     * it; logs go to {@code <proxy>-<budget>-r<round>-<tool>[-warmup...].txt}.
     */
    private Windowed warmThenMeasure(ProxyUnderTest proxy, Optional<Long> pid, Optional<CompileClock> clock,
                                     List<Duration> parts, String tool, String run,
                                     BiFunction<Duration, Path, LoadResult> load) {
        String file = proxy.name() + "-" + budget.threads() + "-r" + round + "-" + tool;
        Warmup warmup = warmUntilQuiet(parts, clock, file + "-warmup", load);
        double before = cpu(pid);
        Compiled<LoadResult> measured = compiledDuring(clock,
                () -> load.apply(spec.duration(), dir.resolve(file + ".txt")));
        report(proxy, clock, tool, warmup, run, measured.compiled());
        return new Windowed(measured.result(), cpuPer1k(pid, before, measured.result()));
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

    /** The hey warm-up: {@link #HEY_WARMUP} (or a shorter {@code --warmup}) for a JVM proxy, none for one without a JIT. */
    static List<Duration> heyWarmupParts(ProxyUnderTest proxy, Duration warmup) {
        if (!proxy.jvm() || warmup.isZero()) {
            return List.of();
        }
        return List.of(warmup.compareTo(HEY_WARMUP) < 0 ? warmup : HEY_WARMUP);
    }

    /**
     * Runs the parts, then, while the clock reads and {@link JitQuiet} says so, further discarded rounds; each run's
     * output goes to {@code <file>[-churn|-jitN].txt}.
     */
    private Warmup warmUntilQuiet(List<Duration> parts, Optional<CompileClock> clock, String file,
                                  BiFunction<Duration, Path, LoadResult> load) {
        long start = System.nanoTime();
        OptionalDouble lastRound = OptionalDouble.empty();
        for (int i = 0; i < parts.size(); i++) {
            Duration part = parts.get(i);
            Path log = dir.resolve(file + (i > 0 ? "-churn" : "") + ".txt");
            lastRound = compiledDuring(clock, () -> load.apply(part, log)).compiled();
        }
        Duration extra = Duration.ZERO;
        JitQuiet.Decision decision = null;
        while (lastRound.isPresent()
                && (decision = jitQuiet.decide(lastRound.getAsDouble(), extra)) == JitQuiet.Decision.WARM_MORE) {
            extra = extra.plus(jitQuiet.round());
            Path log = dir.resolve(file + "-jit" + extra.toSeconds() + ".txt");
            lastRound = compiledDuring(clock, () -> load.apply(jitQuiet.round(), log)).compiled();
        }
        return new Warmup(Duration.ofNanos(System.nanoTime() - start), extra, Optional.ofNullable(decision), lastRound);
    }

    /** One line per warm-up of a JVM proxy: its length and outcome, and what the JIT compiled in the measured run. */
    private void report(ProxyUnderTest proxy, Optional<CompileClock> clock, String tool, Warmup warmup, String run,
                        OptionalDouble measured) {
        if (clock.isEmpty()) {
            return;
        }
        out.printf("  %-24s %s warm-up %d s (%d s extra, JIT %s): compiled %s s in the last warm-up round, %s s in"
                        + " the measured %s run%n", proxy.name(), tool, warmup.took().toSeconds(),
                warmup.extra().toSeconds(),
                warmup.decision().map(d -> d.name().toLowerCase(Locale.ROOT).replace('_', ' ')).orElse("not read"),
                format(warmup.lastRound()), format(measured), run);
    }

    private LoadResult wrk(ProxyUnderTest proxy, Optional<String> cookie, Duration length, Path log) {
        return Wrk.run(tool, budget.pinLoad(Wrk.command(proxy.port(spec), wrkThreads(), spec.connections(), length,
                cookie)), length, log);
    }

    private LoadResult hey(ProxyUnderTest proxy, Optional<String> cookie, double rate, Duration length, Path log) {
        return Hey.run(tool, budget.pinLoad(Hey.command(proxy.port(spec), spec.connections(), rate, length, cookie)),
                length, log);
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
