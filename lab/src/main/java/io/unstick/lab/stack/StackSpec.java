package io.unstick.lab.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What {@code ./unstick up} starts: N shop nodes and a balancer in one mode, on these ports.
 *
 * @param mode              sticky, shared or hybrid, passed as {@code UNSTICK_MODE} to every process
 * @param nodes             how many shop nodes (1..9), named node1..nodeN
 * @param port              the balancer's port (the shop's public address)
 * @param adminPort         the balancer's admin port
 * @param nodeBasePort      node i listens on nodeBasePort + i - 1
 * @param hazelcastBasePort node i's Hazelcast member listens on hazelcastBasePort + i - 1 (shared, hybrid)
 * @param managementBasePort node i's management listener ({@code /metrics}, {@code /health} in detail) is on
 *                          managementBasePort + i - 1, loopback only; the balancer never forwards there
 * @param runDir            where the processes' logs go
 * @param nodeJvmOptions    JVM options of each node
 * @param balancerJvmOptions JVM options of the balancer
 * @param balancerEnv       extra environment of the balancer (e.g. {@code UNSTICK_HEALTH_INTERVAL}), on top of what
 *                          the stack sets itself
 * @param nodeEnv           extra environment of node i (1..nodes), on top of what the stack sets itself (e.g. a
 *                          benchmark's {@code UNSTICK_SESSION_MANAGER}); none by default
 */
public record StackSpec(Mode mode, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                        int managementBasePort, Path runDir, List<String> nodeJvmOptions, List<String> balancerJvmOptions,
                        Map<String, String> balancerEnv, IntFunction<Map<String, String>> nodeEnv) {

    public static final int MAX_NODES = 9;

    /** Several JVMs share a small machine: small heaps, the serial collector, few compiler threads. */
    public static final List<String> DEFAULT_NODE_JVM = List.of(
            "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Xss512k",
            "-Dhazelcast.phone.home.enabled=false");
    public static final List<String> DEFAULT_BALANCER_JVM = List.of(
            "-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2");

    public StackSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(runDir, "runDir");
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", but was " + nodes);
        }
        requirePort("--port", port);
        requirePort("--admin-port", adminPort);
        requirePort("--node-base-port", nodeBasePort);
        requirePort("--hazelcast-base-port", hazelcastBasePort);
        requirePort("--management-base-port", managementBasePort);
        nodeJvmOptions = List.copyOf(nodeJvmOptions);
        balancerJvmOptions = List.copyOf(balancerJvmOptions);
        balancerEnv = Map.copyOf(balancerEnv);
        Objects.requireNonNull(nodeEnv, "nodeEnv");
    }

    /** A stack whose nodes get only the environment the stack sets itself. */
    public StackSpec(Mode mode, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                     int managementBasePort, Path runDir, List<String> nodeJvmOptions, List<String> balancerJvmOptions,
                     Map<String, String> balancerEnv) {
        this(mode, nodes, port, adminPort, nodeBasePort, hazelcastBasePort, managementBasePort, runDir, nodeJvmOptions,
                balancerJvmOptions, balancerEnv, index -> Map.of());
    }

    /** A stack whose balancer runs with its defaults. */
    public StackSpec(Mode mode, int nodes, int port, int adminPort, int nodeBasePort, int hazelcastBasePort,
                     int managementBasePort, Path runDir, List<String> nodeJvmOptions, List<String> balancerJvmOptions) {
        this(mode, nodes, port, adminPort, nodeBasePort, hazelcastBasePort, managementBasePort, runDir, nodeJvmOptions,
                balancerJvmOptions, Map.of());
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

    /** Every port the stack will listen on, to check before anything starts. */
    public List<Integer> ports() {
        List<Integer> ports = new java.util.ArrayList<>(List.of(port, adminPort));
        for (int i = 1; i <= nodes; i++) {
            ports.add(nodePort(i));
            ports.add(managementPort(i));
            if (mode.usesStore()) {
                ports.add(hazelcastPort(i));
            }
        }
        return ports;
    }

    private static void requirePort(String option, int value) {
        if (value < 1 || value > 65535 - MAX_NODES) {
            throw new IllegalArgumentException(option + " must be 1.." + (65535 - MAX_NODES) + ", but was " + value);
        }
    }
}
