package io.unstick.lab.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What {@code ./unstick up} (and each run of {@code compare} and {@code bench sessions}) starts: N shop nodes and a
 * balancer in one variant, on these ports — and, for the Redis peer, the redis-server they share.
 *
 * @param variant           one of unstick's modes, passed as {@code UNSTICK_MODE} to every process, or a peer
 *                          (its routing mode to every process, its session manager to the nodes)
 * @param nodes             how many shop nodes (1..9), named node1..nodeN
 * @param port              the balancer's port (the shop's public address)
 * @param adminPort         the balancer's admin port
 * @param nodeBasePort      node i listens on nodeBasePort + i - 1
 * @param hazelcastBasePort node i's cluster member listens on hazelcastBasePort + i - 1: its Hazelcast member (shared,
 *                          hybrid) or its Tribes receiver (delta, backup)
 * @param managementBasePort node i's management listener ({@code /metrics}, {@code /health} in detail) is on
 *                          managementBasePort + i - 1, loopback only; the balancer never forwards there
 * @param redisPort         the redis-server's port for the Redis peer; ignored (0) otherwise
 * @param runDir            where the processes' logs go
 * @param nodeJvmOptions    JVM options of each node
 * @param balancerJvmOptions JVM options of the balancer
 * @param balancerEnv       extra environment of the balancer (e.g. {@code UNSTICK_HEALTH_INTERVAL}), on top of what
 *                          the stack sets itself
 * @param nodeEnv           extra environment of node i (1..nodes), on top of what the stack sets itself; none by default
 */
public record StackSpec(Variant variant, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                        int managementBasePort, int redisPort, Path runDir, List<String> nodeJvmOptions,
                        List<String> balancerJvmOptions, Map<String, String> balancerEnv,
                        IntFunction<Map<String, String>> nodeEnv) {

    public static final int MAX_NODES = 9;

    /** Several JVMs share a small machine: small heaps, the serial collector, few compiler threads. */
    public static final List<String> DEFAULT_NODE_JVM = List.of(
            "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Xss512k",
            "-Dhazelcast.phone.home.enabled=false");
    public static final List<String> DEFAULT_BALANCER_JVM = List.of(
            "-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2");

    public StackSpec {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(runDir, "runDir");
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", but was " + nodes);
        }
        requirePort("--port", port);
        requirePort("--admin-port", adminPort);
        requirePort("--node-base-port", nodeBasePort);
        requirePort("--hazelcast-base-port", hazelcastBasePort);
        requirePort("--management-base-port", managementBasePort);
        if (variant.store() == Variant.Store.REDIS) {
            requirePort("the redis-server's port", redisPort);
        }
        nodeJvmOptions = List.copyOf(nodeJvmOptions);
        balancerJvmOptions = List.copyOf(balancerJvmOptions);
        balancerEnv = Map.copyOf(balancerEnv);
        Objects.requireNonNull(nodeEnv, "nodeEnv");
    }

    /** A stack in one of unstick's modes whose nodes get only the environment the stack sets itself. */
    public StackSpec(Mode mode, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                     int managementBasePort, Path runDir, List<String> nodeJvmOptions, List<String> balancerJvmOptions,
                     Map<String, String> balancerEnv) {
        this(Variant.of(mode), nodes, port, adminPort, nodeBasePort, hazelcastBasePort, managementBasePort, 0, runDir,
                nodeJvmOptions, balancerJvmOptions, balancerEnv, index -> Map.of());
    }

    /** A stack in one of unstick's modes whose balancer runs with its defaults. */
    public StackSpec(Mode mode, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                     int managementBasePort, Path runDir, List<String> nodeJvmOptions, List<String> balancerJvmOptions) {
        this(mode, nodes, port, adminPort, nodeBasePort, hazelcastBasePort, managementBasePort, runDir, nodeJvmOptions,
                balancerJvmOptions, Map.of());
    }

    /** {@code UNSTICK_MODE}: the balancer's routing, and for unstick's own modes the nodes' session manager. */
    public Mode mode() {
        return variant.mode();
    }

    public String nodeName(int index) {
        return "node" + index;
    }

    public int nodePort(int index) {
        return nodeBasePort + index - 1;
    }

    public int hazelcastPort(int index) {
        return hazelcastBasePort + index - 1;
    }

    public int managementPort(int index) {
        return managementBasePort + index - 1;
    }

    /**
     * The ports the session traffic that leaves a node goes to or comes from: the member ports (Hazelcast members,
     * Tribes receivers), or the redis-server's; none for sticky. What {@code bench sessions} counts bytes on, and
     * what a partition cuts.
     */
    public Set<Integer> sessionTrafficPorts() {
        Set<Integer> ports = new LinkedHashSet<>();
        if (variant.store().betweenNodes()) {
            for (int i = 1; i <= nodes; i++) {
                ports.add(hazelcastPort(i));
            }
        } else if (variant.store() == Variant.Store.REDIS) {
            ports.add(redisPort);
        }
        return ports;
    }

    /** Every port the stack will listen on, to check before anything starts. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(port, adminPort));
        for (int i = 1; i <= nodes; i++) {
            ports.add(nodePort(i));
            ports.add(managementPort(i));
        }
        ports.addAll(sessionTrafficPorts());
        return ports;
    }

    private static void requirePort(String option, int value) {
        if (value < 1 || value > 65535 - MAX_NODES) {
            throw new IllegalArgumentException(option + " must be 1.." + (65535 - MAX_NODES) + ", but was " + value);
        }
    }
}
