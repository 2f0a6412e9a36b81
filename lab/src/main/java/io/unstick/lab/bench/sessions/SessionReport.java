package io.unstick.lab.bench.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.unstick.lab.stack.SkippedVariant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of {@code ./unstick bench sessions}: {@code bench-sessions.json}, {@code bench-sessions.md} (tables for
 * docs/BENCHMARKS.md) and the same tables as text.
 *
 * @param date     when the run ended (ISO-8601, UTC)
 * @param machine  cores and memory of the machine
 * @param settings rate, shoppers, durations, nodes
 * @param runs     one per variant and workload
 * @param managers each variant and the Tomcat session manager its nodes reported running ({@code /health})
 * @param skipped  the variants this machine could not run, with the reason
 * @param scale    shared mode with growing numbers of live sessions (empty when skipped)
 * @param targets  issue 7's and issue 16's targets: met or not, never asserted
 * @param rounds   with {@code --rounds} 2 or more, each round's own results and targets ({@code runs} and
 *                 {@code targets} are then the rounds' medians); empty for one round
 */
public record SessionReport(String date, String machine, String settings, List<VariantResult> runs,
                            Map<String, String> managers, List<SkippedVariant> skipped, List<ScaleResult> scale,
                            List<Target> targets, List<Round> rounds) {

    /**
     * One of several rounds.
     *
     * @param round   its number, from 1: odd rounds ran the modes in the order given, even ones in reverse
     * @param runs    what it measured
     * @param targets the targets on its own figures
     */
    public record Round(int round, List<VariantResult> runs, List<Target> targets) {
    }

    /** A report of one round. */
    public SessionReport(String date, String machine, String settings, List<VariantResult> runs,
                         Map<String, String> managers, List<SkippedVariant> skipped, List<ScaleResult> scale,
                         List<Target> targets) {
        this(date, machine, settings, runs, managers, skipped, scale, targets, List.of());
    }

    /** @param rounds one or more rounds of the same modes; from two on, the report's figures are their medians */
    public static SessionReport of(SessionBenchSpec spec, List<SessionBench.Measured> rounds, List<ScaleResult> scale) {
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version();
        String settings = String.format(Locale.ROOT,
                "%.0f req/s fixed (open loop) over %d shoppers; %d s warm-up (%d s before each later workload), %d s"
                        + " measured; capacity: %d closed-loop workers for %d s; %d nodes, heap %s each",
                spec.rate(), spec.shoppers(), spec.warmup().toSeconds(), spec.pageWarmup().toSeconds(),
                spec.duration().toSeconds(), spec.maxWorkers(), spec.maxDuration().toSeconds(), spec.nodes(),
                spec.nodeHeap());
        SessionBench.Measured first = rounds.get(0);
        List<VariantResult> runs = first.runs();
        Map<String, String> managers = new LinkedHashMap<>(first.managers());
        List<Round> each = new ArrayList<>();
        if (rounds.size() > 1) {
            settings += String.format(Locale.ROOT, "; %d rounds, the modes in the order given, then in reverse,"
                    + " alternately: every figure is the rounds' median (counts are their sums)", rounds.size());
            runs = Medians.of(rounds.stream().map(SessionBench.Measured::runs).toList());
            for (int i = 0; i < rounds.size(); i++) {
                each.add(new Round(i + 1, rounds.get(i).runs(), Targets.check(rounds.get(i).runs())));
                rounds.get(i).managers().forEach(managers::putIfAbsent);
            }
        }
        List<Target> targets = new ArrayList<>(Targets.check(runs));
        Targets.scale(scale).ifPresent(targets::add);
        return new SessionReport(java.time.Instant.now().toString(), machine, settings, runs, managers,
                first.skipped(), scale, targets, each);
    }

    /** Writes the JSON and the markdown; returns the JSON's path. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("bench-sessions.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), this);
            Files.writeString(dir.resolve("bench-sessions.md"), markdown());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Session store, ").append(date).append(" (").append(machine).append("): ").append(settings).append(".\n");
        if (!managers.isEmpty()) {
            md.append("\nSession managers, as each stack's node1 reported them: ");
            List<String> named = new ArrayList<>();
            managers.forEach((mode, manager) -> named.add(mode + " " + manager));
            md.append(String.join(", ", named)).append(".\n");
        }
        for (SkippedVariant skip : skipped) {
            md.append("\n**Skipped: ").append(skip.mode()).append("** — ").append(skip.reason()).append(".\n");
        }
        for (String workload : workloads()) {
            md.append("\n**").append(workload).append("** (").append(Workload.parse(workload).requests()).append("):\n\n");
            md.append("| mode | req/s at the fixed rate | p50 ms | p99 ms | p99.9 ms | load generator's own delay, p99 ms"
                    + " | errors | capacity req/s | vs sticky | bytes between nodes / req | sockets opened / closed"
                    + " | stack CPU ms / req | vs sticky | load generator CPU ms / req |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (VariantResult run : runsOf(workload)) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %d | %s | %s | %.0f | %d / %d | %s | %s | %s |%n",
                        run.mode(), run.throughput(), run.p50Ms(), run.p99Ms(), run.p999Ms(), run.ownDelayP99Ms(),
                        run.errors(), capacity(run),
                        ratio(run), run.bytesPerRequest(), run.socketsOpened(), run.socketsClosed(), cpuMs(run.stackCpuMs()), cpuRatio(run), cpuMs(run.loadCpuMs())));
            }
        }
        if (runs.stream().anyMatch(run -> !run.mode().equals("sticky"))) {
            md.append("\nThe store's share of each request (1 - sticky's figure / the mode's, on the same workload):\n\n");
            md.append("| mode |");
            workloads().forEach(w -> md.append(' ').append(w).append(": CPU | ").append(w).append(": p50 | ")
                    .append(w).append(": p99 |"));
            md.append("\n|---|").append("---:|---:|---:|".repeat(workloads().size())).append('\n');
            for (String mode : modes()) {
                if (!mode.equals("sticky")) {
                    md.append("| ").append(mode).append(" |");
                    for (String workload : workloads()) {
                        Targets.StoreShare share = shareOf(mode, workload);
                        md.append(' ').append(percent(share.cpu())).append(" | ").append(percent(share.p50()))
                                .append(" | ").append(percent(share.p99())).append(" |");
                    }
                    md.append('\n');
                }
            }
        }
        saturated().forEach(line -> md.append("\n**").append(line).append(".**\n"));
        if (!scale.isEmpty()) {
            md.append("\nShared mode with live sessions preloaded (one cart add each, straight to the nodes, 128 in flight):\n\n");
            md.append("| live sessions | preload sessions/s | p50 ms | p99 ms | errors | heap bytes / session |\n");
            md.append("|---:|---:|---:|---:|---:|---:|\n");
            for (ScaleResult step : scale) {
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %d | %s |%n", step.sessions(),
                        step.preloadPerSecond(), step.p50Ms(), step.p99Ms(), step.errors(), heapPerSession(step)));
            }
        }
        md.append("\nTargets, on the ").append(Targets.TARGET_WORKLOAD).append(" workload:\n\n| target | measured | met |\n|---|---|---|\n");
        for (Target target : targets) {
            md.append("| ").append(target.target()).append(" | ").append(target.measured()).append(" | ")
                    .append(target.met() == null ? "n/a" : target.met() ? "yes" : "no").append(" |\n");
        }
        if (!rounds.isEmpty()) {
            md.append(roundsMarkdown());
        }
        md.append("\nLatency runs from when each request was due (fixed rate, no coordinated omission). The load"
                + " generator's own delay is the part of it before the request left: how long after it was due the"
                + " sending thread took it up (a wait for room in flight is the stack's and not counted). At a fixed rate,"
                + " req/s only falls below the rate when a mode cannot keep up; capacity is what the stack answers per"
                + " second to closed-loop workers that send again as soon as they are answered, and vs sticky compares"
                + " capacities (the fixed-rate figures when capacity was skipped)."
                + " Bytes between nodes: tcp_info bytes_acked of the sockets on the cluster member ports (for the Redis"
                + " peers: on the redis-server's port, every byte between the nodes and Redis) (ss -tinHO), counted per"
                + " socket from samples at the window's start, every second and its end, over the window's requests;"
                + " a socket that opened in the window counts from its first byte, one that closed in it misses at"
                + " most its last second (sockets opened / closed says how many). Stack CPU: user + system CPU time of the"
                + " nodes, the balancer and (Redis peers) the redis-server during the capacity window, per request; vs"
                + " sticky is sticky's over this mode's, the capacity ratio the stack would reach if the load generator,"
                + " which shares the machine here, ran elsewhere. The store's share compares each mode with sticky on"
                + " the same workload: sticky keeps sessions in memory, so what a mode spends beyond it is its store's."
                + " Heap per session: jvm_memory_used_bytes"
                + "{area=heap} of all nodes after jcmd GC.run, minus the same before the preload, over the sessions"
                + " (includes the store's backup copy).\n");
        return md.toString();
    }

    /** Each round's figures beside the medians, and how many rounds met each target. */
    private String roundsMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("\nEach of the ").append(rounds.size()).append(" rounds (round 1 / round 2 / ...; the tables above"
                + " are their medians):\n\n| mode | stack CPU ms / req | p50 ms | p99 ms | capacity req/s | bytes between"
                + " nodes / req |\n|---|---|---|---|---|---|\n");
        for (VariantResult median : runs) {
            List<VariantResult> each = rounds.stream().flatMap(round -> round.runs().stream())
                    .filter(run -> run.mode().equals(median.mode()) && run.workload().equals(median.workload()))
                    .toList();
            md.append("| ").append(median.mode()).append('/').append(median.workload()).append(" | ")
                    .append(each(each, VariantResult::stackCpuMs, "%.3f")).append(" | ")
                    .append(each(each, VariantResult::p50Ms, "%.2f")).append(" | ")
                    .append(each(each, VariantResult::p99Ms, "%.2f")).append(" | ")
                    .append(each(each, VariantResult::maxThroughput, "%.0f")).append(" | ")
                    .append(each(each, VariantResult::bytesPerRequest, "%.0f")).append(" |\n");
        }
        md.append("\n| target | ");
        rounds.forEach(round -> md.append("round ").append(round.round()).append(" | "));
        md.append("met in |\n|---|").append("---|".repeat(rounds.size())).append("---|\n");
        for (int t = 0; t < rounds.get(0).targets().size(); t++) {
            List<Target> each = inEachRound(t);
            if (each.stream().allMatch(target -> target.met() == null)) {
                continue; // a mode it needs did not run
            }
            md.append("| ").append(each.get(0).target()).append(" | ");
            each.forEach(target -> md.append(target.measured()).append(" | "));
            md.append(metIn(each)).append(" |\n");
        }
        return md.toString();
    }

    /** The target at this index as each round measured it (every round checks the same targets in the same order). */
    private List<Target> inEachRound(int target) {
        return rounds.stream().map(round -> round.targets().get(target)).toList();
    }

    /** e.g. "2 of 3 rounds", or "n/a" when no round could check it. */
    static String metIn(List<Target> each) {
        List<Target> checked = each.stream().filter(target -> target.met() != null).toList();
        return checked.isEmpty() ? "n/a" : checked.stream().filter(Target::met).count() + " of " + checked.size()
                + " rounds";
    }

    private static String each(List<VariantResult> runs, ToDoubleFunction<VariantResult> figure,
                               String format) {
        return String.join(" / ", runs.stream().mapToDouble(figure)
                .mapToObj(value -> Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value)).toList());
    }

    /**
     * Runs that could not keep up with the fixed rate: their latency is mostly queueing, so the comparison should be
     * repeated at a lower --rate (or on a quieter machine).
     */
    public List<String> saturated() {
        return runs.stream().filter(run -> run.throughput() < 0.97 * run.targetRate() || run.p50Ms() > 100)
                .map(run -> String.format(Locale.ROOT, "%s/%s did not keep up with %.0f req/s (%.1f ok/s, p50 %.0f ms):"
                        + " its latency is queueing; compare at a lower --rate or on a quieter machine",
                        run.mode(), run.workload(), run.targetRate(), run.throughput(), run.p50Ms()))
                .toList();
    }

    public String table() {
        StringBuilder text = new StringBuilder();
        skipped.forEach(skip -> text.append("- ").append(skip.line()).append('\n'));
        for (String workload : workloads()) {
            text.append(String.format(Locale.ROOT, "%s:%n%-14s %9s %8s %8s %9s %8s %7s %10s %9s %10s %9s %10s %9s %8s %8s %8s%n",
                    workload, "mode", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "gen p99", "errors", "capacity", "vs sticky",
                    "bytes/req", "sockets", "cpu ms/req", "vs sticky", "store:cpu", "p50", "p99"));
            for (VariantResult run : runsOf(workload)) {
                Targets.StoreShare share = Targets.storeShare(run, runs);
                text.append(String.format(Locale.ROOT, "%-14s %9.1f %8.2f %8.2f %9.2f %8.2f %7d %10s %9s %10.0f %9s %10s %9s %8s %8s %8s%n",
                        run.mode(), run.throughput(), run.p50Ms(), run.p99Ms(), run.p999Ms(), run.ownDelayP99Ms(),
                        run.errors(), capacity(run),
                        ratio(run), run.bytesPerRequest(), "+" + run.socketsOpened() + "/-" + run.socketsClosed(), cpuMs(run.stackCpuMs()), cpuRatio(run),
                        percent(share.cpu()), percent(share.p50()), percent(share.p99())));
            }
        }
        saturated().forEach(line -> text.append("! ").append(line).append('\n'));
        for (ScaleResult step : scale) {
            text.append(String.format(Locale.ROOT, "scale %8d sessions: p50 %.2f ms, p99 %.2f ms, %d errors, heap bytes/session %s%n",
                    step.sessions(), step.p50Ms(), step.p99Ms(), step.errors(), heapPerSession(step)));
        }
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            text.append(String.format(Locale.ROOT, "- %s: %s (%s)%s%n", target.target(), target.measured(),
                    target.met() == null ? "n/a" : target.met() ? "met" : "NOT met", overRounds(t)));
        }
        return text.toString();
    }

    /** For a report of several rounds: the target's figure in each and how many met it; the scale target ran once. */
    private String overRounds(int target) {
        if (rounds.isEmpty() || target >= rounds.get(0).targets().size()) {
            return "";
        }
        List<Target> each = inEachRound(target);
        return " on the medians; rounds: " + String.join(" | ", each.stream().map(Target::measured).toList())
                + "; met in " + metIn(each);
    }

    private List<String> workloads() {
        return runs.stream().map(VariantResult::workload).distinct().toList();
    }

    private List<String> modes() {
        return runs.stream().map(VariantResult::mode).distinct().toList();
    }

    private List<VariantResult> runsOf(String workload) {
        return runs.stream().filter(run -> run.workload().equals(workload)).toList();
    }

    private Targets.StoreShare shareOf(String mode, String workload) {
        return runs.stream().filter(run -> run.mode().equals(mode) && run.workload().equals(workload)).findFirst()
                .map(run -> Targets.storeShare(run, runs)).orElse(new Targets.StoreShare(Double.NaN, Double.NaN, Double.NaN));
    }

    /** Heap after a full GC moves by a few MB between probes: a negative difference means too few sessions to see. */
    private static String heapPerSession(ScaleResult step) {
        return step.heapBytesPerSession() > 0 ? String.format(Locale.ROOT, "%.0f", step.heapBytesPerSession())
                : "below noise";
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private static String capacity(VariantResult run) {
        return Double.isNaN(run.maxThroughput()) ? "-" : String.format(Locale.ROOT, "%.1f", run.maxThroughput());
    }

    private static String cpuMs(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.3f", ms);
    }

    private String cpuRatio(VariantResult run) {
        return times(Targets.cpuRatio(run, runs));
    }

    private String ratio(VariantResult run) {
        return times(Targets.ratio(run, runs));
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3fx", ratio);
    }
}
