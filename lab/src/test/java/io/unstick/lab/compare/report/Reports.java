package io.unstick.lab.compare.report;

import java.util.List;
import java.util.Map;

/** Runs and reports with chosen numbers, for the report tests. */
public final class Reports {

    private Reports() {
    }

    public static RunResult run(String mode, long lost, long resets, double p95, double cv) {
        return run(mode, "kill", lost, 0, 0, resets, p95, cv);
    }

    public static RunResult run(String mode, String fault, long lost, long resurrected, long divergent, long resets,
                                double p95, double cv) {
        return run(mode, fault, lost, resurrected, divergent, resets, p95, cv, Map.of("502", lost > 0 ? 3L : 0L));
    }

    public static RunResult run(String mode, String fault, long lost, long resurrected, long divergent, long resets,
                                double p95, double cv, Map<String, Long> errorsByKind) {
        return new RunResult(mode, fault, 3, 24, 16.0, 1500, errorsByKind.values().stream().mapToLong(Long::longValue).sum(),
                lost, resurrected, divergent, resets,
                resets / 2, 90.5, new LatencyMs(p95 / 3, p95, p95 * 2, p95 * 10),
                Map.of("node1", 0.4, "node2", 0.2, "node3", 0.4), cv, 1.5,
                errorsByKind, 0, 60, 20, resets + 40, 40, 0, 0, cv, 8.0, 9.5,
                List.of(new FaultEvent(8.0, "node2 killed (SIGKILL)")), null,
                mode.equals("sticky") ? null : 2000L, new RunResult.Cpu(0.1, 0.2),
                List.of(new TimelinePoint(1.0, 95, 0, 0, 0, 0, 0, 3, p95, p95 * 2, p95 * 3, 0.1, 0.8),
                        new TimelinePoint(2.0, 90, 3, lost, resurrected, divergent, resets, 3, p95, p95 * 2, p95 * 10,
                                0.1, 0.8)));
    }

    /** The same run with sessions lost with a login's answer, and their units. */
    public static RunResult withLostLogins(RunResult r, long sessions, long units) {
        return new RunResult(r.mode(), r.fault(), r.nodes(), r.shoppers(), r.durationS(), r.requests(), r.errors(),
                r.lostCartItems(), r.resurrectedCartItems(), r.divergentAnswers(), r.sessionResets(), r.relogins(),
                r.throughputRps(), r.latencyMs(), r.nodeShare(), r.nodeShareCv(), r.recoverySeconds(),
                r.errorsByStatus(), r.extraCartItems(), r.visits(), r.checkouts(), r.balancerSessionResets(),
                r.sessionIdChangesByLogin(), sessions, units, r.nodeShareCvBeforeFault(), r.faultAtS(), r.faultEndS(),
                r.faultEvents(), r.faultError(), r.storeTimeoutMs(), r.loadGeneratorCpu(), r.timeline());
    }

    public static Machine machine(boolean bottleneck) {
        return new Machine(2, 8000, "Linux", "17", bottleneck ? 0.6 : 0.1, 0.7, 0.9, bottleneck,
                bottleneck ? "the generator competed with the stack for CPU" : "the generator was not the bottleneck");
    }

    public static Report report(List<RunResult> runs) {
        Machine machine = machine(false);
        String fault = runs.isEmpty() ? "kill" : runs.get(0).fault();
        return new Report(runs, List.of(), machine, 42, new Report.Settings(runs.stream().map(RunResult::mode).toList(),
                fault, fault.equals("partition") || fault.equals("freeze") ? 10.0 : null, 3, 24, 16, 4, 250, 0.5, true,
                5000, 3000),
                Verdict.of(runs, machine), "2025-01-01T00:00:00Z");
    }
}
