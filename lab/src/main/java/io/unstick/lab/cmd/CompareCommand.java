package io.unstick.lab.cmd;

import io.unstick.lab.LabMain;
import io.unstick.lab.compare.CompareSpec;
import io.unstick.lab.compare.Comparison;
import io.unstick.lab.compare.Durations;
import io.unstick.lab.compare.faults.FaultKind;
import io.unstick.lab.compare.faults.Faults;
import io.unstick.lab.compare.report.Report;
import io.unstick.lab.compare.report.ReportFiles;
import io.unstick.lab.compare.report.SummaryTable;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./unstick compare}: the same shop, shoppers and fault in each mode, measured side by side.
 *
 * <pre>
 * ./unstick compare                                   # every mode and peer; 200 shoppers; kill node2 at 30 s of 60
 * ./unstick compare --modes sticky,hybrid,backup,redis --fault rolling --duration 2m
 * ./unstick compare --quick --out /tmp/cmp            # about a minute per mode, for CI
 * </pre>
 *
 * Writes {@code DIR/report.json} (see {@link Report}) and {@code DIR/report.html}, prints the table and the
 * verdict, and exits 0; 1 when a stack could not start or the machine cannot inject the fault (a partition needs
 * Linux, root and iptables).
 */
@Command(name = "compare", description = {
        "Run the shop in each mode, and on the session managers users would pick instead, with the same virtual"
                + " shoppers; inject a fault mid-run, and compare what each loses.",
        "Compared: throughput, latency, errors by kind, lost and resurrected cart items, divergent answers, session"
                + " resets, re-logins, load spread, recovery.",
        "A peer whose program is missing (redis-server) is skipped with the reason.",
        "Writes report.json and report.html (self-contained) to --out."})
public final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    private LabMain lab;

    @Option(names = "--modes", defaultValue = "sticky,shared,hybrid,delta,backup,redis,redis-default", split = ",",
            description = {"Modes and peers to compare, in order (default ${DEFAULT-VALUE}): delta and backup are"
                    + " Tomcat's DeltaManager and BackupManager,", "redis is Redisson with a local copy (readMode MEMORY)"
                    + " behind affinity, redis-default Redisson's defaults (readMode REDIS) without."})
    private List<String> modes;

    @Option(names = "--nodes", description = "Shop nodes per stack (default 3).")
    private Integer nodes;

    @Option(names = "--shoppers", description = "Virtual shoppers (default 200; --quick 24).")
    private Integer shoppers;

    @Option(names = "--duration", description = "Measured time per mode, e.g. 60s, 2m (default 60s; --quick 16s).")
    private String duration;

    @Option(names = "--warmup", description = "Shopping before the measurement starts (default 8s; --quick 4s).")
    private String warmup;

    @Option(names = "--think", description = "Mean pause between a shopper's requests (default 1000ms; --quick 250ms).")
    private String think;

    @Option(names = "--fault", defaultValue = "kill",
            description = {"kill | restart | rolling | drain | partition | freeze | none, in the middle of each run"
                    + " (default ${DEFAULT-VALUE}).",
                    "partition cuts node2's Hazelcast member (Tribes receiver) off from the others, in the Redis"
                            + " peers node2 off from the redis-server (Linux, root, iptables); freeze pauses node2"
                            + " (SIGSTOP)."})
    private String fault;

    @Option(names = "--fault-for", description = "How long a partition or a freeze lasts before it is undone"
            + " (default: partition 30s, freeze 20s; --quick 10s and 8s).")
    private String faultFor;

    @Option(names = "--skew", defaultValue = "0.5",
            description = "0..1: how much busier the heaviest shoppers are (default ${DEFAULT-VALUE}).")
    private double skew;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the shoppers' scripts (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", description = "Folder for report.json, report.html and logs (default runs/compare-<time>).")
    private Path out;

    @Option(names = "--quick", description = "A short run for CI: 24 shoppers, 16 s per mode, 3 nodes.")
    private boolean quick;

    @Option(names = "--base-port", defaultValue = "18080",
            description = "Balancer port; admin +1, nodes +2.., cluster members +11.., node management ports +20..,"
                    + " redis-server +29 (default ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--request-timeout", defaultValue = "5s", description = "A request slower than this is a timeout (default ${DEFAULT-VALUE}).")
    private String requestTimeout;

    @Option(names = "--timeout", defaultValue = "120s", description = "How long a stack may take to start (default ${DEFAULT-VALUE}).")
    private String startTimeout;

    @Override
    public Integer call() throws InterruptedException {
        CompareSpec spec = spec();
        Faults faults = Faults.prepare(spec.fault(), spec.faultFor(), spec.modes());
        faults.notes().forEach(note -> System.out.println("note: " + note));
        Comparison comparison = new Comparison(spec, Artifacts.in(lab.home()).requireBuilt(), faults, System.out,
                System.console() != null);
        Thread abort = new Thread(comparison::abort, "unstick-compare-abort");
        Runtime.getRuntime().addShutdownHook(abort);
        System.out.printf("comparing %s with %d shoppers, %d node(s), fault '%s'%s, %d s per mode (+%d s warm-up), seed %d%n",
                String.join(", ", spec.modes().stream().map(Variant::label).toList()), spec.shoppers(), spec.nodes(),
                spec.fault().label(), spec.fault().isTimed() ? " for " + spec.faultFor().toSeconds() + " s" : "",
                spec.duration().toSeconds(), spec.warmup().toSeconds(), spec.seed());
        Report report = comparison.run();
        Runtime.getRuntime().removeShutdownHook(abort);
        Path json = new ReportFiles().write(report, spec.outDir());
        System.out.println();
        System.out.print(SummaryTable.render(report.runs()));
        System.out.println();
        report.verdict().forEach(line -> System.out.println("- " + line));
        System.out.println();
        System.out.println("report: " + json + " and " + json.resolveSibling("report.html"));
        return 0;
    }

    private CompareSpec spec() {
        List<Variant> chosen = modes.stream().map(Variant::parse).toList();
        Path dir = out != null ? out.toAbsolutePath().normalize() : lab.runsDir().resolve("compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        FaultKind kind = FaultKind.parse(fault);
        boolean partition = kind == FaultKind.PARTITION;
        return new CompareSpec(chosen, pick(nodes, 3, 3), pick(shoppers, 200, 24),
                Durations.parseOrDefault("--duration", duration, quick, "60s", "16s"),
                Durations.parseOrDefault("--warmup", warmup, quick, "8s", "4s"),
                Durations.parseOrDefault("--think", think, quick, "1000ms", "250ms"),
                Durations.parse("--request-timeout", requestTimeout),
                kind, Durations.parseOrDefault("--fault-for", faultFor, quick, partition ? "30s" : "20s",
                        partition ? "10s" : "8s"), skew, seed, dir, basePort, Durations.parse("--timeout", startTimeout), quick);
    }

    /** An option given on the command line wins; otherwise the --quick or the normal default. */
    private int pick(Integer given, int normal, int quickDefault) {
        return given != null ? given : quick ? quickDefault : normal;
    }
}
