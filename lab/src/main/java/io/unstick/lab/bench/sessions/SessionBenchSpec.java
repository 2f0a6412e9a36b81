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
 * @param basePort       balancer port; admin +1, nodes +2.., members +2+9..
 * @param outDir         where the report and logs go
 * @param smoke          a seconds-long run for CI
 */
public record SessionBenchSpec(List<Variant> variants, int nodes, double rate, int shoppers, Duration warmup,
                               Duration duration, String nodeHeap, Duration requestTimeout, Duration startTimeout,
                               int basePort, Path outDir, boolean smoke) {

    public SessionBenchSpec {
        variants = List.copyOf(variants);
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
        if (!nodeHeap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException("--node-heap takes a size like 512m or 2g, not '" + nodeHeap + "'");
        }
        if (basePort < 1024 || basePort > 65535 - 2 * StackSpec.MAX_NODES - 2) {
            throw new IllegalArgumentException("--base-port must be 1024.." + (65535 - 2 * StackSpec.MAX_NODES - 2)
                    + ", but was " + basePort);
        }
    }

    /** The stack of one variant; every variant gets the same nodes, heaps and ports. */
    public StackSpec stack(Variant variant) {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + nodeHeap, "-Xmx" + nodeHeap));
        StackSpec.DEFAULT_NODE_JVM.stream().filter(option -> !option.startsWith("-Xm")).forEach(jvm::add);
        return new StackSpec(variant.mode(), nodes, basePort, basePort + 1, basePort + 2,
                basePort + 2 + StackSpec.MAX_NODES, outDir.resolve("logs").resolve(variant.label()), jvm,
                StackSpec.DEFAULT_BALANCER_JVM, Map.of("UNSTICK_HEALTH_INTERVAL", "1s"));
    }

    /** The ports the nodes talk to each other on, whose sockets {@link ClusterBytes} counts. */
    public Set<Integer> memberPorts(Variant variant) {
        StackSpec stack = stack(variant);
        Set<Integer> ports = new HashSet<>();
        if (variant.mode().usesStore()) {
            for (int i = 1; i <= nodes; i++) {
                ports.add(stack.hazelcastPort(i));
            }
        }
        return ports;
    }
}
