package io.unstick.lab.bench.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The session-store targets of issues 7 and 16, on the cart workload, as ratios and differences to sticky and to the
 * peers measured in the same run. Reported, never asserted: benchmarks are not tests.
 */
final class Targets {

    /** The workload the targets are set on. */
    static final String TARGET_WORKLOAD = "cart";
    private static final List<String> PEERS = List.of("delta", "backup", "redis", "redis-default");

    private Targets() {
    }

    static List<Target> check(List<VariantResult> all) {
        List<VariantResult> results = all.stream().filter(r -> r.workload().equals(TARGET_WORKLOAD)).toList();
        Optional<VariantResult> sticky = find(results, "sticky");
        Optional<VariantResult> shared = find(results, "shared");
        Optional<VariantResult> hybrid = find(results, "hybrid");
        List<Target> targets = new ArrayList<>();
        targets.add(throughput("shared", 0.85, shared, sticky));
        targets.add(tail("issue 7: shared", 2, shared, sticky));
        targets.add(throughput("hybrid", 0.95, hybrid, sticky));
        targets.add(cpuAtMost("hybrid", hybrid, "delta", find(results, "delta")));
        targets.add(cpuAtMost("shared", shared, "redis-default", find(results, "redis-default")));
        targets.add(cpuAtMost("shared", shared, "redis", find(results, "redis")));
        targets.add(fewerBytesThanEveryPeer("hybrid", hybrid, results));
        targets.add(fewerBytesThanEveryPeer("shared", shared, results));
        targets.add(tail("issue 16: hybrid", 2, hybrid, sticky));
        targets.add(tail("issue 16: shared", 3, shared, sticky));
        return targets;
    }

    /** The largest preloaded size's p99 within 1.2x of the smallest's (issue 7: 1M against 10k). */
    static Optional<Target> scale(List<ScaleResult> scale) {
        if (scale.size() < 2) {
            return Optional.empty();
        }
        ScaleResult smallest = scale.get(0);
        ScaleResult largest = scale.get(scale.size() - 1);
        double ratio = smallest.p99Ms() > 0 ? largest.p99Ms() / smallest.p99Ms() : Double.NaN;
        return Optional.of(new Target(String.format(Locale.ROOT, "p99 with %d sessions <= 1.2x p99 with %d",
                largest.sessions(), smallest.sessions()), String.format(Locale.ROOT, "%.3fx", ratio), ratio <= 1.2));
    }

    /**
     * A variant's throughput over sticky's (same workload): the capacity (closed-loop) figures when both have one, else
     * the fixed-rate ones, which only differ when a mode cannot keep up; {@code NaN} without sticky.
     */
    static double ratio(VariantResult result, List<VariantResult> results) {
        return stickyOf(result, results).map(sticky -> ratio(result, sticky)).orElse(Double.NaN);
    }

    /**
     * Sticky's stack CPU per request over this mode's (same workload): the capacity ratio without the load generator
     * on the same CPUs. NaN without CPU figures.
     */
    static double cpuRatio(VariantResult result, List<VariantResult> results) {
        return stickyOf(result, results).map(sticky -> cpuRatio(result, sticky)).orElse(Double.NaN);
    }

    /**
     * The store's share of a request, against sticky on the same workload (sticky keeps its sessions in memory, so
     * whatever a mode spends beyond it is its store's): {@code 1 - sticky / this}, of the stack's CPU per request, of
     * p50 and of p99. NaN for sticky itself and where a figure is missing.
     */
    static StoreShare storeShare(VariantResult result, List<VariantResult> results) {
        Optional<VariantResult> sticky = stickyOf(result, results);
        if (sticky.isEmpty() || result.mode().equals("sticky")) {
            return new StoreShare(Double.NaN, Double.NaN, Double.NaN);
        }
        return new StoreShare(share(sticky.get().stackCpuMs(), result.stackCpuMs()),
                share(sticky.get().p50Ms(), result.p50Ms()), share(sticky.get().p99Ms(), result.p99Ms()));
    }

    /** @param cpu of the stack's CPU per request; p50, p99 of the latency at the fixed rate; each 0..1 (or below 0 in noise) */
    record StoreShare(double cpu, double p50, double p99) {
    }

    private static double share(double sticky, double mode) {
        return mode > 0 && !Double.isNaN(sticky) ? 1 - sticky / mode : Double.NaN;
    }

    private static Optional<VariantResult> stickyOf(VariantResult result, List<VariantResult> results) {
        return results.stream().filter(r -> r.mode().equals("sticky") && r.workload().equals(result.workload())).findFirst();
    }

    private static double cpuRatio(VariantResult result, VariantResult sticky) {
        double ratio = sticky.stackCpuMs() / result.stackCpuMs();
        return Double.isInfinite(ratio) ? Double.NaN : ratio;
    }

    private static double ratio(VariantResult result, VariantResult sticky) {
        if (!Double.isNaN(result.maxThroughput()) && !Double.isNaN(sticky.maxThroughput())) {
            return sticky.maxThroughput() > 0 ? result.maxThroughput() / sticky.maxThroughput() : Double.NaN;
        }
        return sticky.throughput() > 0 ? result.throughput() / sticky.throughput() : Double.NaN;
    }

    private static Target throughput(String mode, double min, Optional<VariantResult> result, Optional<VariantResult> sticky) {
        String target = String.format(Locale.ROOT, "issue 7: %s throughput >= %.2fx sticky", mode, min);
        double ratio = result.isPresent() && sticky.isPresent() ? ratio(result.get(), sticky.get()) : Double.NaN;
        if (Double.isNaN(ratio)) {
            return new Target(target, "not run", null);
        }
        String basis = Double.isNaN(result.get().maxThroughput()) ? " at the fixed rate" : " at capacity";
        double cpu = cpuRatio(result.get(), sticky.get());
        String byCpu = Double.isNaN(cpu) ? ""
                : String.format(Locale.ROOT, "; %.3fx by the stack's CPU per request", cpu);
        return new Target(target, String.format(Locale.ROOT, "%.3fx", ratio) + basis + byCpu, ratio >= min);
    }

    private static Target tail(String who, double slackMs, Optional<VariantResult> result, Optional<VariantResult> sticky) {
        String target = String.format(Locale.ROOT, "%s p99 <= sticky p99 + %.0f ms", who, slackMs);
        if (result.isEmpty() || sticky.isEmpty()) {
            return new Target(target, "not run", null);
        }
        double over = result.get().p99Ms() - sticky.get().p99Ms();
        return new Target(target, String.format(Locale.ROOT, "%+.2f ms", over), over <= slackMs);
    }

    private static Target cpuAtMost(String mode, Optional<VariantResult> ours, String peerMode,
                                    Optional<VariantResult> peer) {
        String target = "issue 16: " + mode + " stack CPU / request <= " + peerMode + "'s";
        if (ours.isEmpty() || peer.isEmpty() || Double.isNaN(ours.get().stackCpuMs()) || Double.isNaN(peer.get().stackCpuMs())) {
            return new Target(target, "not run", null);
        }
        return new Target(target, String.format(Locale.ROOT, "%.3f vs %.3f ms", ours.get().stackCpuMs(),
                peer.get().stackCpuMs()), ours.get().stackCpuMs() <= peer.get().stackCpuMs());
    }

    private static Target fewerBytesThanEveryPeer(String mode, Optional<VariantResult> ours, List<VariantResult> results) {
        List<VariantResult> peers = results.stream().filter(r -> PEERS.contains(r.mode())).toList();
        String target = "issue 16: " + mode + " bytes between nodes / request < every peer's";
        if (ours.isEmpty() || peers.isEmpty()) {
            return new Target(target, "not run", null);
        }
        String measured = String.format(Locale.ROOT, "%.0f vs ", ours.get().bytesPerRequest()) + peers.stream()
                .map(peer -> String.format(Locale.ROOT, "%s %.0f", peer.mode(), peer.bytesPerRequest()))
                .collect(Collectors.joining(", "));
        return new Target(target, measured, peers.stream().allMatch(peer -> ours.get().bytesPerRequest() < peer.bytesPerRequest()));
    }

    private static Optional<VariantResult> find(List<VariantResult> results, String mode) {
        return results.stream().filter(r -> r.mode().equals(mode)).findFirst();
    }
}
