package io.unstick.lab.compare.faults;

import io.unstick.lab.compare.faults.partition.NetworkCuts;
import io.unstick.lab.stack.Variant;
import io.unstick.lab.stack.StackSpec;

import java.time.Duration;
import java.util.List;

/**
 * Makes each mode's {@link Fault}, after checking once, before any stack starts, that this machine can inject it
 * (a partition needs root and iptables; without them the comparison stops with what is missing).
 *
 * <pre>
 * Faults faults = Faults.prepare(FaultKind.PARTITION, Duration.ofSeconds(30), List.of(Variant.SHARED));
 * try (Fault fault = faults.forRun(stackSpec, "node2")) { ... }
 * </pre>
 */
public final class Faults {

    private final FaultKind kind;
    private final Duration holdFor;
    private final SettleWait settle;
    private final NetworkCuts cuts;

    private Faults(FaultKind kind, Duration holdFor, SettleWait settle, NetworkCuts cuts) {
        this.kind = kind;
        this.holdFor = holdFor;
        this.settle = settle;
        this.cuts = cuts;
    }

    /**
     * @param holdFor how long a partition or a freeze lasts
     * @param modes   the modes that will run: a partition needs the machine only where there is a cluster to cut
     * @throws IllegalStateException when this machine cannot inject the fault, saying what is missing
     */
    public static Faults prepare(FaultKind kind, Duration holdFor, List<Variant> modes) {
        boolean cutsNeeded = kind == FaultKind.PARTITION && modes.stream().anyMatch(Faults::hasSomethingToCut);
        return new Faults(kind, holdFor, new ClusterSafeWait(new NodeHealthReader()), cutsNeeded ? NetworkCuts.prepare() : null);
    }

    /** Lines about leftovers of earlier runs that preparing removed, for the user. */
    public List<String> notes() {
        return cuts == null ? List.of() : cuts.cleaned();
    }

    /**
     * Whether a node talks to its sessions' peers over the network: to the others on member ports (Hazelcast, Tomcat's
     * Tribes) or to a redis-server. That is what a partition cuts; sticky has nothing to cut.
     */
    private static boolean hasSomethingToCut(Variant variant) {
        return variant.store().betweenNodes() || variant.store() == Variant.Store.REDIS;
    }

    /** The fault of one mode's run, made before its stack starts; close it after the stack stopped. */
    public Fault forRun(StackSpec stack, String victim) {
        return switch (kind) {
            case KILL -> new KillFault();
            case RESTART -> new RestartFault();
            case ROLLING -> new RollingFault(settle);
            case DRAIN -> new DrainFault();
            case FREEZE -> new FreezeFault(holdFor);
            case PARTITION -> hasSomethingToCut(stack.variant()) ? cuts.fault(stack, victim, holdFor) : new NothingToCut(holdFor);
            case NONE -> context -> { };
        };
    }
}
