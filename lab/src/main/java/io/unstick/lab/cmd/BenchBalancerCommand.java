package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.bench.balancer.BalancerBench;
import io.unstick.lab.bench.balancer.BenchBalancerReport;
import io.unstick.lab.bench.balancer.BenchBalancerSpec;
import io.unstick.lab.bench.balancer.BenchTables;
import io.unstick.lab.bench.balancer.LoadAverage;
import io.unstick.lab.bench.balancer.ReportWriter;
import io.unstick.lab.bench.balancer.ToolVersions;
import io.unstick.lab.bench.balancer.RequiredTools;
import io.unstick.lab.compare.Durations;
import io.unstick.lab.stack.Artifacts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./unstick bench balancer}: the unstick balancer against HAProxy and nginx, same backends, same load,
 * same CPU budget, reported as ratios to HAProxy.
 *
 * <pre>
 * ./unstick bench balancer                           # budgets 1 and 2 threads, 10 s warm-up + 15 s per run
 * ./unstick bench balancer --threads 1 --duration 30s
 * ./unstick bench balancer --smoke --out /tmp/b      # a few seconds, budget 1, for CI
 * ./unstick bench balancer --threads 1 --proxies haproxy,unstick-cookie,ceiling-forwarder   # with the ceiling fixture
 * </pre>
 */
@Command(name = "balancer", description = {
        "Benchmark the unstick balancer against HAProxy and nginx (and no proxy, the ceiling).",
        "3 nginx backends answer 'ok'; each proxy is pinned with taskset to the same CPUs and threads; wrk measures"
                + " max req/s, hey p50/p99 at a fixed rate, /proc the CPU per 1000 req/s.",
        "Writes bench-balancer.json and bench-balancer.md to --out.",
        "Needs: apt-get install haproxy nginx wrk hey"})
public final class BenchBalancerCommand implements Callable<Integer> {

    private static final String METHOD = "3 nginx backends (worker_processes 1, return 200 \"ok\"); each proxy pinned"
            + " with taskset to CPU 0 (budget 1) or 0..N-1 with N threads/workers, the load generator and backends on"
            + " the other CPUs (on a machine without spare CPUs they share the proxy's, which the placement says);"
            + " max: wrk --latency, keep-alive, fixed connections, a discarded warm-up run first (a JVM proxy: then discarded 5 s"
            + " runs until its JIT compiled under 0.05 s in the last, at most 60 s more); fixed rate: hey with"
            + " the same connections at a share of HAProxy's max, the same for every proxy (a JVM proxy: a discarded"
            + " 10 s hey run at that rate first, then 5 s ones until its JIT is quiet again, at most 60 s more); CPU: utime+stime of all"
            + " the proxy's processes from /proc during the window, as CPU seconds per second per 1000 req/s. Sticky"
            + " proxies get the cookie an established client sends (HAProxy SERVERID=s1, nginx uid=..., unstick the"
            + " UNSTICK_ROUTE cookie it issued), so all of that load goes to one backend; least-requests spreads it.";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec command;

    @Option(names = "--duration", description = "Each measured run (default 15s; --smoke 2s).")
    private String duration;

    @Option(names = "--warmup", description = "The discarded wrk run before each measured one (default 30s; --smoke 1s): a JVM proxy"
            + " on one CPU shares it with its JIT compiler and was measured still speeding up after 20 s; it then"
            + " gets 5 s rounds more until its JIT is quiet, at most 60 s (not with --smoke). A JVM proxy's fixed-rate"
            + " run follows a discarded hey run at its rate, as long as this up to 10 s, and the same JIT-quiet rounds.")
    private String warmup;

    @Option(names = "--connections", defaultValue = "32", description = "Keep-alive connections (default ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--threads", split = ",", description = "CPU budgets: threads/workers and CPUs per proxy (default 1,2; --smoke 1).")
    private List<Integer> threads;

    @Option(names = "--rate-share", defaultValue = "0.3",
            description = {"The fixed rate as a share of HAProxy's max req/s (default ${DEFAULT-VALUE}): low enough that",
                    "hey, one Go process on the load CPU, can still send it (at 0.5 it fell short even without a proxy)."})
    private double rateShare;

    @Option(names = "--rounds", defaultValue = "1", description = {"Measure every proxy this many times, in turn, and"
            + " report the medians (default ${DEFAULT-VALUE}); 3 on a machine shared with other work."})
    private int rounds;

    @Option(names = "--base-port", defaultValue = "18380",
            description = "The proxy's port; backends +1..+3, the balancer's admin API +4 (default ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--out", description = "Folder for the reports and logs (default runs/bench-balancer-<time>).")
    private Path out;

    @Option(names = "--proxies", split = ",", description = {"Only these contenders (HAProxy is always measured: every"
            + " ratio is taken to it): no-proxy, haproxy, haproxy-leastconn, nginx, unstick-cookie, unstick-least-requests,"
            + " ceiling-forwarder (default: all but ceiling-forwarder).",
            "ceiling-forwarder is a measurement fixture, not a product: a minimal keep-alive HTTP/1.1 forwarder on XNIO"
                    + " that shows how fast a purpose-built forwarder on the JVM could be (docs/BENCHMARKS.md)."})
    private List<String> proxies;

    @Option(names = "--smoke", description = "Seconds long, budget 1 only: keeps the command working in CI.")
    private boolean smoke;

    @Override
    public Integer call() {
        RequiredTools.requireInstalled();
        LabMain lab = (LabMain) command.parent().parent().userObject();
        BenchBalancerSpec spec = new BenchBalancerSpec(threads != null ? threads : smoke ? List.of(1) : List.of(1, 2),
                Durations.parseOrDefault("--warmup", warmup, smoke, "30s", "1s"),
                Durations.parseOrDefault("--duration", duration, smoke, "15s", "2s"), connections,
                rateShare, rounds, outDir(lab), balancerJar(lab), basePort, smoke, proxies != null ? proxies : List.of());
        BalancerBench bench = new BalancerBench(spec, System.out);
        Thread abort = new Thread(bench::abort, "unstick-bench-abort");
        Runtime.getRuntime().addShutdownHook(abort);
        System.out.printf("bench balancer: budgets %s, %d connections, %d s warm-up + %d s per run; logs in %s%n",
                spec.budgets(), spec.connections(), spec.warmup().toSeconds(), spec.duration().toSeconds(), spec.outDir());
        String loadAverage = LoadAverage.read();
        BenchBalancerReport report = new BenchBalancerReport(Instant.now().toString(),
                Runtime.getRuntime().availableProcessors(), loadAverage, Runtime.version().toString(),
                ToolVersions.of("haproxy", "-v"), ToolVersions.of("nginx", "-v"), spec.connections(),
                spec.warmup().toMillis() / 1000.0, spec.duration().toMillis() / 1000.0, spec.fixedRateShare(), METHOD,
                bench.run());
        Runtime.getRuntime().removeShutdownHook(abort);
        Path json = ReportWriter.write(report, spec.outDir());
        System.out.print(BenchTables.text(report));
        System.out.println();
        System.out.println("ratios are to HAProxy in the same budget: req/s higher is better, latency and CPU lower."
                + " Absolute figures drift on a shared machine; ratios within one run hold.");
        System.out.println("report: " + json + " and " + json.resolveSibling("bench-balancer.md"));
        return 0;
    }

    /** Only the balancer's jar is needed here, not the shop's. */
    private static Path balancerJar(LabMain lab) {
        Path jar = Artifacts.in(lab.home()).balancerJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -pl balancer package -DskipTests"
                    + " (the ./unstick script does this for you)");
        }
        return jar;
    }

    private Path outDir(LabMain lab) {
        return out != null ? out.toAbsolutePath().normalize() : lab.runsDir().resolve("bench-balancer-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
