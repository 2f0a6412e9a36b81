package io.unstick.lab.bench.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Issue 7's session-store targets, as ratios to sticky measured in the same run. */
final class Targets {

    private Targets() {
    }

    static List<Target> check(List<VariantResult> results) {
        Optional<VariantResult> sticky = find(results, "sticky");
        Optional<VariantResult> shared = find(results, "shared");
        Optional<VariantResult> hybrid = find(results, "hybrid");
        List<Target> targets = new ArrayList<>();
        targets.add(throughput("shared", 0.85, shared, sticky));
        targets.add(shared.isPresent() && sticky.isPresent()
                ? new Target("shared p99 <= sticky p99 + 2 ms",
                        String.format(Locale.ROOT, "%+.2f ms", shared.get().p99Ms() - sticky.get().p99Ms()),
                        shared.get().p99Ms() <= sticky.get().p99Ms() + 2)
                : new Target("shared p99 <= sticky p99 + 2 ms", "not run", null));
        targets.add(throughput("hybrid", 0.95, hybrid, sticky));
        Optional<VariantResult> delta = find(results, "delta");
        for (Optional<VariantResult> ours : List.of(shared, hybrid)) {
            ours.ifPresent(result -> targets.add(fewerBytes(result, delta)));
        }
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
     * A variant's throughput over sticky's: the capacity (closed-loop) figures when both have one, else the
     * fixed-rate ones, which only differ when a mode cannot keep up; {@code NaN} without sticky.
     */
    static double ratio(VariantResult result, List<VariantResult> results) {
        return find(results, "sticky").map(sticky -> ratio(result, sticky)).orElse(Double.NaN);
    }

    /**
     * Sticky's stack CPU per request over this mode's: the capacity ratio without the load generator on the same
     * CPUs. NaN without CPU figures.
     */
    static double cpuRatio(VariantResult result, List<VariantResult> results) {
        return find(results, "sticky").map(sticky -> cpuRatio(result, sticky)).orElse(Double.NaN);
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
        String target = String.format(Locale.ROOT, "%s throughput >= %.2fx sticky", mode, min);
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

    private static Target fewerBytes(VariantResult ours, Optional<VariantResult> delta) {
        String target = ours.mode() + " bytes between nodes / request < delta's";
        if (delta.isEmpty()) {
            return new Target(target, "not run", null);
        }
        return new Target(target, String.format(Locale.ROOT, "%.0f vs %.0f", ours.bytesPerRequest(),
                delta.get().bytesPerRequest()), ours.bytesPerRequest() < delta.get().bytesPerRequest());
    }

    private static Optional<VariantResult> find(List<VariantResult> results, String mode) {
        return results.stream().filter(r -> r.mode().equals(mode)).findFirst();
    }
}
