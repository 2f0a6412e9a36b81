package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.StackSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code ./unstick bench sessions} measures, read once from the command line.
 *
 * @param variants       the session setups, in order; ratios are to the first sticky one
 * @param nodes          shop nodes per stack
 * @param rate           requests per second, fixed (open loop)
 * @param shoppers       shoppers (sessions) the requests rotate over
 * @param warmup         sending before the window, not counted
 * @param duration       the measured window
 * @param nodeHeap       each node's heap, e.g. {@code 1g}
 * @param requestTimeout a request slower than this is an error
 * @param startTimeout   how long a stack may take to start
 * @param basePort       balancer port; admin +1, nodes +2.., members +2+9.., management listeners +2+18..
 * @param outDir         where the report and logs go
 * @param smoke          a seconds-long run for CI
 * @param scaleSizes     live-session counts to preload in shared mode, ascending; empty to skip the scale part
 * @param scaleHeap      each node's heap in the scale part, e.g. {@code 4g}
 * @param maxWorkers     closed-loop workers of the capacity window after each fixed-rate one
 * @param maxDuration    the capacity window; zero skips it
 */
public record SessionBenchSpec(List<Variant> variants, int nodes, double rate, int shoppers, Duration warmup,
                               Duration duration, String nodeHeap, Duration requestTimeout, Duration startTimeout,
                               int basePort, Path outDir, boolean smoke, List<Long> scaleSizes, String scaleHeap,
                               int maxWorkers, Duration maxDuration) {

    public SessionBenchSpec {
        variants = List.copyOf(variants);
        scaleSizes = scaleSizes.stream().sorted().distinct().toList();
        if (scaleSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("--scale takes positive session counts, but was " + scaleSizes);
        }
        requireHeap("--scale-heap", scaleHeap);
        Objects.requireNonNull(outDir, "outDir");
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--modes names no mode");
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
        if (maxWorkers < 1 || maxWorkers > shoppers) {
            throw new IllegalArgumentException("--max-workers must be 1..--shoppers (" + shoppers + "), but was " + maxWorkers);
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("--max-duration must not be negative");
        }
        requireHeap("--node-heap", nodeHeap);
        if (basePort < 1024 || basePort > 65535 - 3 * StackSpec.MAX_NODES - 2) {
            throw new IllegalArgumentException("--base-port must be 1024.." + (65535 - 3 * StackSpec.MAX_NODES - 2)
                    + ", but was " + basePort);
        }
    }

    /** The stack of one variant; every variant gets the same nodes, heaps and ports. */
    public StackSpec stack(Variant variant) {
        return stack(variant, nodeHeap, variant.label());
    }

    /** The shared-mode stack the scale part preloads, with the bigger heaps it needs. */
    public StackSpec scaleStack() {
        return stack(Variant.SHARED, scaleHeap, "scale");
    }

    private StackSpec stack(Variant variant, String heap, String logs) {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        StackSpec.DEFAULT_NODE_JVM.stream().filter(option -> !option.startsWith("-Xm")).forEach(jvm::add);
        int memberBasePort = basePort + 2 + StackSpec.MAX_NODES;
        return new StackSpec(variant.mode(), nodes, basePort, basePort + 1, basePort + 2, memberBasePort,
                memberBasePort + StackSpec.MAX_NODES,
                outDir.resolve("logs").resolve(logs), jvm, StackSpec.DEFAULT_BALANCER_JVM,
                Map.of("UNSTICK_HEALTH_INTERVAL", "1s"), index -> nodeEnv(variant, index, memberBasePort));
    }

    /**
     * delta: Tomcat's DeltaManager, its Tribes receivers on the ports the store's members use in the other modes
     * (a sticky stack leaves them free).
     */
    private Map<String, String> nodeEnv(Variant variant, int index, int memberBasePort) {
        if (variant != Variant.DELTA) {
            return Map.of();
        }
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add("127.0.0.1:" + (memberBasePort + i - 1));
        }
        return Map.of("UNSTICK_SESSION_MANAGER", "delta",
                "UNSTICK_TRIBES_PORT", String.valueOf(memberBasePort + index - 1),
                "UNSTICK_TRIBES_MEMBERS", String.join(",", members));
    }

    private static void requireHeap(String option, String heap) {
        if (!heap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException(option + " takes a size like 512m or 2g, not '" + heap + "'");
        }
    }

    /** The ports the nodes talk to each other on (Hazelcast or Tribes), whose sockets {@link ClusterBytes} counts. */
    public Set<Integer> memberPorts(Variant variant) {
        StackSpec stack = stack(variant);
        Set<Integer> ports = new HashSet<>();
        if (variant.clustered()) {
            for (int i = 1; i <= nodes; i++) {
                ports.add(stack.hazelcastPort(i));
            }
        }
        return ports;
    }
}
