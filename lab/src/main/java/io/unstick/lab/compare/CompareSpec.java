package io.unstick.lab.compare;

import io.unstick.lab.compare.faults.FaultKind;
import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code ./unstick compare} was asked to do, read once from the command line and checked here.
 *
 * @param modes          modes and peers to run, in this order, each on a fresh stack
 * @param nodes          shop nodes per stack
 * @param shoppers       virtual shoppers
 * @param duration       measured time per mode (the fault begins in its middle)
 * @param warmup         shopping before the measurement, so the JVMs are warm and carts are full at time 0
 * @param think          mean think time between a shopper's requests
 * @param requestTimeout a request without an answer after this counts as a timeout
 * @param fault          what happens in the middle of each run
 * @param faultFor       how long a partition or a freeze lasts before it is undone
 * @param skew           0..1: how much busier the heaviest shoppers are than the rest
 * @param seed           the shoppers' seed
 * @param outDir         where report.json, report.html and the processes' logs go
 * @param basePort       the balancer listens here, its admin on +1, node i on +1+i, cluster member i (Hazelcast or
 *                       Tribes) on +10+i, node i's management listener on +19+i, the Redis peers' redis-server on +29
 * @param startTimeout   how long a stack or a restarted node may take to be healthy
 * @param quick          the CI-sized run
 */
public record CompareSpec(List<Variant> modes, int nodes, int shoppers, Duration duration, Duration warmup, Duration think,
                          Duration requestTimeout, FaultKind fault, Duration faultFor, double skew, long seed,
                          Path outDir, int basePort, Duration startTimeout, boolean quick) {

    public CompareSpec {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(faultFor, "faultFor");
        Objects.requireNonNull(outDir, "outDir");
        modes = List.copyOf(modes);
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("--modes needs at least one of sticky, shared, hybrid, delta, backup, redis,"
                    + " redis-default");
        }
        if (modes.stream().distinct().count() != modes.size()) {
            throw new IllegalArgumentException("--modes lists a mode twice: " + modes);
        }
        if (nodes < 1 || nodes > StackSpec.MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1.." + StackSpec.MAX_NODES + ", but was " + nodes);
        }
        if (fault != FaultKind.NONE && nodes < 2) {
            throw new IllegalArgumentException("--fault " + fault.label() + " needs at least 2 nodes (one must survive)");
        }
        if (fault.isTimed() && (faultFor.toMillis() < 1_000 || faultFor.toMinutes() > 10)) {
            throw new IllegalArgumentException("--fault-for must be 1s..10m, but was " + faultFor.toMillis() + "ms");
        }
        if (shoppers < 1 || shoppers > 2_000) {
            throw new IllegalArgumentException("--shoppers must be 1..2000, but was " + shoppers);
        }
        if (duration.toSeconds() < 4 || duration.toMinutes() > 60) {
            throw new IllegalArgumentException("--duration must be 4s..60m, but was " + duration.toSeconds() + "s");
        }
        if (warmup.isNegative() || think.toMillis() < 10 || requestTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("--warmup must be >= 0, --think >= 10ms, --request-timeout >= 100ms");
        }
        if (!(skew >= 0 && skew <= 1)) {
            throw new IllegalArgumentException("--skew must be 0..1, but was " + skew);
        }
        if (basePort < 1024 || basePort > 65535 - PORTS_ABOVE_BASE) {
            throw new IllegalArgumentException("--base-port must be 1024.." + (65535 - PORTS_ABOVE_BASE)
                    + ", but was " + basePort);
        }
    }

    /** The highest port a stack uses above the base port: the Redis peers' redis-server. */
    static final int PORTS_ABOVE_BASE = 2 + 3 * StackSpec.MAX_NODES;

    public int port() {
        return basePort;
    }

    public int adminPort() {
        return basePort + 1;
    }

    /**
     * The balancer's backend timeout in every comparison: a node that has not answered a request in this time is
     * stalled (paused, or its JVM stuck), because a working node answers or refuses (503) within the session store's
     * {@code storeTimeoutMs} (2 s by default). Its client gets 504 after this instead of the balancer's default 30 s,
     * so the slowest request is bounded by the store's timeout plus one balancer attempt. Twice the store's timeout:
     * on a loaded 2-core machine a healthy request can take a second or two more than its store calls (3 s cut such
     * requests off and turned them into in-doubt outcomes). Below the shoppers' default request timeout (5 s).
     */
    public static final Duration BALANCER_BACKEND_TIMEOUT = Duration.ofSeconds(4);

    /** The node a single-node fault hits: node2, so node1 (the first Hazelcast member) survives. */
    public String victim() {
        return "node" + Math.min(2, nodes);
    }

    /**
     * The stack of one mode or peer, on the same ports as every other. The balancer probes health every 500 ms so a
     * restarted node is back quickly, forgets bound clients idle for 5 think times (at least 3 s), so a drain can
     * finish within a run (shoppers that left have no session any more), and gives up on a node after
     * {@link #BALANCER_BACKEND_TIMEOUT}.
     */
    public StackSpec stack(Variant variant) {
        long window = Math.max(3_000, 5 * think.toMillis());
        return new StackSpec(variant, nodes, basePort, basePort + 1, basePort + 2, basePort + 2 + StackSpec.MAX_NODES,
                basePort + 2 + 2 * StackSpec.MAX_NODES, basePort + PORTS_ABOVE_BASE,
                outDir.resolve("logs").resolve(variant.label()), StackSpec.DEFAULT_NODE_JVM,
                StackSpec.DEFAULT_BALANCER_JVM, Map.of("UNSTICK_HEALTH_INTERVAL", "500ms",
                        "UNSTICK_BOUND_CLIENT_WINDOW", window + "ms",
                        "UNSTICK_BACKEND_TIMEOUT", BALANCER_BACKEND_TIMEOUT.toMillis() + "ms"), index -> Map.of());
    }

    /** How long a drain may wait for bound clients: a quarter of the run, at least 3 s (per node when rolling). */
    public Duration drainTimeout() {
        Duration quarter = duration.dividedBy(fault == FaultKind.ROLLING ? 4L * nodes : 4);
        return quarter.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : quarter;
    }
}
