package io.unstick.lab.compare;

import io.unstick.lab.compare.faults.Fault;
import io.unstick.lab.compare.faults.Faults;
import io.unstick.lab.compare.load.CpuMonitor;
import io.unstick.lab.compare.report.Machine;
import io.unstick.lab.compare.report.Report;
import io.unstick.lab.compare.report.RunResult;
import io.unstick.lab.compare.report.TimelinePoint;
import io.unstick.lab.compare.report.Verdict;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.SkippedVariant;
import io.unstick.lab.stack.Variant;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole comparison: each mode (or peer) in turn on a fresh stack, with the same shoppers, seed and fault, then
 * the report. One mode's stack is stopped before the next starts, so they never compete for the CPU. A peer whose
 * program is missing here is skipped with the reason; when nothing could run there is nothing to compare.
 */
public final class Comparison {

    private final CompareSpec spec;
    private final Artifacts artifacts;
    private final Faults faults;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicReference<LocalStack> running = new AtomicReference<>();
    private final AtomicReference<Fault> runningFault = new AtomicReference<>();

    /** @param faults the fault of each mode's run, already checked against this machine */
    public Comparison(CompareSpec spec, Artifacts artifacts, Faults faults, PrintStream out, boolean terminal) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.faults = faults;
        this.out = out;
        this.terminal = terminal;
    }

    public Report run() throws InterruptedException {
        CpuMonitor cpu = new CpuMonitor();
        List<RunResult> runs = new ArrayList<>();
        List<SkippedVariant> skipped = new ArrayList<>();
        for (Variant mode : spec.modes()) {
            Optional<SkippedVariant> missing = SkippedVariant.ifMissing(mode);
            if (missing.isPresent()) {
                out.println(missing.get().line());
                skipped.add(missing.get());
                continue;
            }
            Progress progress = new Progress(out, terminal, String.format(Locale.ROOT, "%-6s/%s", mode.label(), spec.fault().label()));
            runs.add(new ModeRun(spec, artifacts, faults, cpu, progress, running, runningFault).run(mode));
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("nothing to compare: " + skipped.stream().map(SkippedVariant::line).toList());
        }
        Machine machine = machine(cpu, runs);
        return new Report(runs, skipped, machine, spec.seed(), settings(), Verdict.of(runs, machine),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * Stops the run in progress, if any (Ctrl-C): the fault is undone first (a paused node resumed, a partition
     * healed) so the stack stops cleanly, then the stack, then what the fault could only release once the
     * processes were gone (a partition's cgroup).
     */
    public void abort() {
        Fault fault = runningFault.getAndSet(null);
        LocalStack stack = running.getAndSet(null);
        if (fault != null) {
            fault.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (fault != null) {
            fault.close();
        }
    }

    private Report.Settings settings() {
        return new Report.Settings(spec.modes().stream().map(Variant::label).toList(), spec.fault().label(),
                spec.fault().isTimed() ? spec.faultFor().toMillis() / 1000.0 : null, spec.nodes(),
                spec.shoppers(), spec.duration().toMillis() / 1000.0, spec.warmup().toMillis() / 1000.0,
                spec.think().toMillis(), spec.skew(), spec.quick(), spec.requestTimeout().toMillis(),
                CompareSpec.BALANCER_BACKEND_TIMEOUT.toMillis());
    }

    static Machine machine(CpuMonitor cpu, List<RunResult> runs) {
        List<TimelinePoint> points = runs.stream().flatMap(r -> r.timeline().stream()).toList();
        double generator = points.stream().mapToDouble(TimelinePoint::loadGeneratorCpu).average().orElse(0);
        double generatorMax = points.stream().mapToDouble(TimelinePoint::loadGeneratorCpu).max().orElse(0);
        double machine = points.stream().mapToDouble(TimelinePoint::machineCpu).average().orElse(0);
        boolean bottleneck = generator > 0.5 || machine > 0.9 && generator > 0.25;
        String note = String.format(Locale.ROOT, "the load generator used %.0f %% of %d cores on average (max %.0f %%),"
                        + " the machine %.0f %%: %s", generator * 100, cpu.cores(), generatorMax * 100, machine * 100,
                bottleneck ? "the generator competed with the stack for CPU, so the latencies include its queueing"
                        : machine > 0.9 ? "the machine was saturated by the stack, not by the generator"
                        : "the generator was not the bottleneck");
        return new Machine(cpu.cores(), cpu.memoryBytes() / (1024 * 1024),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                RunResults.round(generator, 3), RunResults.round(generatorMax, 3), RunResults.round(machine, 3),
                bottleneck, note);
    }
}
