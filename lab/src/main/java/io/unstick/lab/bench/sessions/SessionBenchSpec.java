package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code ./unstick bench sessions} measures, read once from the command line.
 *
 * @param variants       the session setups, in order: unstick's modes and the peers; ratios are to sticky's
 * @param workloads      what the shoppers request, each measured in turn on every variant's stack
 * @param nodes          shop nodes per stack
 * @param rate           requests per second, fixed (open loop)
 * @param shoppers       shoppers (sessions) the requests rotate over
 * @param warmup         sending before the first workload's window, not counted
 * @param pageWarmup     sending before each later workload's window, on the already warm stack
 * @param duration       the measured window
 * @param nodeHeap       each node's heap, e.g. {@code 1g}
 * @param requestTimeout a request slower than this is an error
 * @param startTimeout   how long a stack may take to start
 * @param basePort       balancer port; admin +1, nodes +2.., members +2+9.., management listeners +2+18.., the
 *                       Redis peer's redis-server +2+27
 * @param outDir         where the report and logs go
 * @param smoke          a seconds-long run for CI
 * @param scaleSizes     live-session counts to preload in shared mode, ascending; empty to skip the scale part
 * @param scaleHeap      each node's heap in the scale part, e.g. {@code 4g}
 * @param maxWorkers     closed-loop workers of the capacity window after each fixed-rate one
 * @param maxDuration    the capacity window; zero skips it
 */
public record SessionBenchSpec(List<Variant> variants, List<Workload> workloads, int nodes, double rate, int shoppers,
                               Duration warmup, Duration pageWarmup, Duration duration, String nodeHeap,
                               Duration requestTimeout, Duration startTimeout, int basePort, Path outDir, boolean smoke,
                               List<Long> scaleSizes, String scaleHeap, int maxWorkers, Duration maxDuration) {

    /** The highest port a stack uses, above the base port. */
    static final int PORTS_ABOVE_BASE = 2 + 3 * StackSpec.MAX_NODES;

    public SessionBenchSpec {
        variants = List.copyOf(variants);
        workloads = List.copyOf(workloads);
        scaleSizes = scaleSizes.stream().sorted().distinct().toList();
        if (scaleSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("--scale takes positive session counts, but was " + scaleSizes);
        }
        requireHeap("--scale-heap", scaleHeap);
        Objects.requireNonNull(outDir, "outDir");
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--modes names no mode");
        }
        if (variants.stream().distinct().count() != variants.size()) {
            throw new IllegalArgumentException("--modes lists a mode twice: " + variants);
        }
        if (workloads.isEmpty() || workloads.stream().distinct().count() != workloads.size()) {
            throw new IllegalArgumentException("--workloads must name cart, page or both, once each, but was " + workloads);
        }
        if (!(rate > 0 && rate <= 100_000)) {
            throw new IllegalArgumentException("--rate must be 1..100000 requests/s, but was " + rate);
        }
        if (shoppers < 1) {
            throw new IllegalArgumentException("--shoppers must be at least 1, but was " + shoppers);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (warmup.isNegative() || pageWarmup.isNegative()) {
            throw new IllegalArgumentException("--warmup and --page-warmup must not be negative");
        }
        if (maxWorkers < 1 || maxWorkers > shoppers) {
            throw new IllegalArgumentException("--max-workers must be 1..--shoppers (" + shoppers + "), but was " + maxWorkers);
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("--max-duration must not be negative");
        }
        requireHeap("--node-heap", nodeHeap);
        if (basePort < 1024 || basePort > 65535 - PORTS_ABOVE_BASE) {
            throw new IllegalArgumentException("--base-port must be 1024.." + (65535 - PORTS_ABOVE_BASE)
                    + ", but was " + basePort);
        }
    }

    /** The warm-up before a workload's window: the first warms a cold stack, the others a warm one. */
    public Duration warmupBefore(Workload workload) {
        return workloads.indexOf(workload) == 0 ? warmup : pageWarmup;
    }

    /** The stack of one variant; every variant gets the same nodes, heaps and ports. */
    public StackSpec stack(Variant variant) {
        return stack(variant, nodeHeap, variant.label());
    }

    /** The shared-mode stack the scale part preloads, with the bigger heaps it needs. */
    public StackSpec scaleStack() {
        return stack(Variant.SHARED, scaleHeap, "scale");
    }

    /**
     * The member ports serve Hazelcast in shared and hybrid, and Tomcat's Tribes receivers for delta and backup (a
     * sticky stack leaves them free); the Redis peers' redis-server listens above the management ports.
     */
    private StackSpec stack(Variant variant, String heap, String logs) {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        StackSpec.DEFAULT_NODE_JVM.stream().filter(option -> !option.startsWith("-Xm")).forEach(jvm::add);
        int memberBasePort = basePort + 2 + StackSpec.MAX_NODES;
        return new StackSpec(variant, nodes, basePort, basePort + 1, basePort + 2, memberBasePort,
                memberBasePort + StackSpec.MAX_NODES, basePort + PORTS_ABOVE_BASE,
                outDir.resolve("logs").resolve(logs), jvm, StackSpec.DEFAULT_BALANCER_JVM,
                Map.of("UNSTICK_HEALTH_INTERVAL", "1s"), index -> Map.of());
    }

    private static void requireHeap(String option, String heap) {
        if (!heap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException(option + " takes a size like 512m or 2g, not '" + heap + "'");
        }
    }

    /**
     * The ports whose sockets {@link ClusterBytes} counts: the member ports (Hazelcast, Tribes), or the redis-server's
     * (every byte between the nodes and Redis); none for sticky.
     */
    public Set<Integer> memberPorts(Variant variant) {
        return stack(variant).sessionTrafficPorts();
    }
}
