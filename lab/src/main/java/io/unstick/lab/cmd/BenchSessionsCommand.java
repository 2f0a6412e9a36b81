package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.bench.sessions.SessionBench;
import io.unstick.lab.bench.sessions.SessionBenchSpec;
import io.unstick.lab.bench.sessions.SessionReport;
import io.unstick.lab.bench.sessions.Workload;
import io.unstick.lab.stack.Variant;
import io.unstick.lab.compare.Durations;
import io.unstick.lab.stack.Artifacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./unstick bench sessions}: the shop's cart API and its pages through the balancer at a fixed request rate, in
 * each session mode and each peer on the same nodes; throughput, latency, CPU and bytes sent between nodes per request,
 * as ratios to sticky, and the store's share of each request.
 *
 * <pre>
 * ./unstick bench sessions                          # every mode and peer, both workloads, 500 req/s, 3 nodes
 * ./unstick bench sessions --modes sticky,hybrid,delta --workloads cart --scale none
 * ./unstick bench sessions --modes hybrid,delta --workloads cart --scale none --rounds 3   # medians of 3
 * ./unstick bench sessions --smoke --out /tmp/b     # seconds, for CI
 * </pre>
 */
@Command(name = "sessions", description = {
        "Benchmark the session modes (sticky, shared, hybrid) and their peers (Tomcat's DeltaManager and BackupManager,"
                + " Redisson with Redis) on the same nodes.",
        "The cart API and the server-rendered pages go through the balancer at a fixed rate (open loop): throughput,"
                + " p50/p99 (from when each request was due), errors, bytes between nodes, then capacity and CPU per"
                + " request.",
        "A peer whose program is missing (redis-server) is skipped with the reason.",
        "Writes bench-sessions.json and bench-sessions.md to --out."})
public final class BenchSessionsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    @Option(names = "--modes", defaultValue = "sticky,shared,hybrid,delta,backup,redis,redis-default", split = ",",
            description = {"Modes and peers, in order (default ${DEFAULT-VALUE}): delta and backup are Tomcat's DeltaManager"
                    + " and BackupManager,", "redis is Redisson with a local copy (readMode MEMORY) behind affinity,"
                    + " redis-default Redisson's defaults (readMode REDIS) without."})
    private List<String> modes;

    @Option(names = "--workloads", defaultValue = "cart,page", split = ",",
            description = "cart (the JSON cart API) and page (the catalog and cart pages with their forms), each"
                    + " measured in turn on every stack (default ${DEFAULT-VALUE}).")
    private List<String> workloads;

    @Option(names = "--rate", description = "Requests per second, fixed (default 500; --smoke 60).")
    private Double rate;

    @Option(names = "--shoppers", description = "Shoppers (sessions) the requests rotate over (default 200; --smoke 20).")
    private Integer shoppers;

    @Option(names = "--duration", description = "Measured time per mode (default 30s; --smoke 4s).")
    private String duration;

    @Option(names = "--warmup", description = {"Load before the measurement, not counted (default 240s; --smoke 3s): on 2 CPUs",
            "a shared node still spent 37 %% of its CPU in the JIT compiler after 45 s, 12 %% after 120 s."})
    private String warmup;

    @Option(names = "--page-warmup", description = "Load before each later workload's window, on the warm stack"
            + " (default 60s; --smoke 2s).")
    private String pageWarmup;

    @Option(names = "--max-workers", description = {"Closed-loop workers of the capacity window that follows each"
            + " fixed-rate one: each sends its next request", "as soon as the last is answered (default 16; --smoke 4)."})
    private Integer maxWorkers;

    @Option(names = "--max-duration", description = "The capacity window, after a 5 s lead-in (default 15s; --smoke 2s;"
            + " 0s skips it).")
    private String maxDuration;

    @Option(names = "--nodes", defaultValue = "3", description = "Shop nodes (default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--node-heap", defaultValue = "512m", description = "Each node's heap (default ${DEFAULT-VALUE}).")
    private String nodeHeap;

    @Option(names = "--scale", split = ",", description = {
            "Live sessions to preload in shared mode, then measure a cart request's p99 and heap per session",
            "(default 10000,100000; --smoke 500,2000; 'none' skips). 1000000 needs --scale-heap 4g or more."})
    private List<String> scale;

    @Option(names = "--scale-heap", defaultValue = "3g", description = "Each node's heap in the scale part (default ${DEFAULT-VALUE}).")
    private String scaleHeap;

    @Option(names = "--rounds", defaultValue = "1", description = {"Run every mode this many times, in the order given,"
            + " then in reverse, alternately, and report", "each figure's median beside every round's (default"
            + " ${DEFAULT-VALUE}): one window of one mode can move 40 %% between runs on a small machine."})
    private int rounds;

    @Option(names = "--out", description = "Folder for the report and logs (default runs/bench-sessions-<time>).")
    private Path out;

    @Option(names = "--smoke", description = "A seconds-long run for CI; its figures mean nothing.")
    private boolean smoke;

    @Option(names = "--base-port", defaultValue = "18280",
            description = "Balancer port; admin +1, nodes +2.., cluster members +11.., node management ports +20..,"
                    + " redis-server +29 (default ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--request-timeout", defaultValue = "5s", description = "A slower request is an error (default ${DEFAULT-VALUE}).")
    private String requestTimeout;

    @Option(names = "--timeout", defaultValue = "120s", description = "How long a stack may take to start (default ${DEFAULT-VALUE}).")
    private String startTimeout;

    @Override
    public Integer call() throws InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds takes 1 or more, not " + rounds);
        }
        SessionBenchSpec spec = spec();
        SessionBench bench = new SessionBench(spec, Artifacts.in(lab().home()).requireBuilt(), System.out);
        List<SessionBench.Measured> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                System.out.printf("round %d of %d%n", round, rounds);
            }
            measured.add(bench.run(round));
        }
        SessionReport report = SessionReport.of(spec, measured, bench.runScale());
        Path json = report.write(spec.outDir());
        System.out.println();
        System.out.print(report.table());
        System.out.println();
        System.out.println("report: " + json + " and " + json.resolveSibling("bench-sessions.md"));
        return 0;
    }

    private SessionBenchSpec spec() {
        LabMain lab = lab();
        Path dir = out != null ? out.toAbsolutePath().normalize() : lab.runsDir().resolve("bench-sessions-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new SessionBenchSpec(modes.stream().map(Variant::parse).toList(),
                workloads.stream().map(Workload::parse).toList(), nodes,
                rate != null ? rate : smoke ? 60 : 500, shoppers != null ? shoppers : smoke ? 20 : 200,
                Durations.parseOrDefault("--warmup", warmup, smoke, "240s", "3s"),
                Durations.parseOrDefault("--page-warmup", pageWarmup, smoke, "60s", "2s"),
                Durations.parseOrDefault("--duration", duration, smoke, "30s", "4s"), nodeHeap,
                Durations.parse("--request-timeout", requestTimeout), Durations.parse("--timeout", startTimeout),
                basePort, dir, smoke, scaleSizes(), scaleHeap, maxWorkers != null ? maxWorkers : smoke ? 4 : 16,
                Durations.parseOrDefault("--max-duration", maxDuration, smoke, "15s", "2s"));
    }

    private List<Long> scaleSizes() {
        List<String> given = scale != null ? scale : List.of(smoke ? "500,2000" : "10000,100000");
        if (given.size() == 1 && given.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        try {
            return given.stream().flatMap(text -> java.util.Arrays.stream(text.split(","))).map(String::trim)
                    .map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--scale takes session counts like 10000,100000 or 'none', not " + given, e);
        }
    }

    /** {@code ./unstick} itself: bench's parent, which knows the checkout and the runs folder. */
    private LabMain lab() {
        return (LabMain) command.parent().parent().userObject();
    }
}
