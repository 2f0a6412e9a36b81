package io.unstick.shop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A shop node's configuration, read once at start from the environment.
 *
 * <pre>
 * UNSTICK_MODE=sticky UNSTICK_NODE_NAME=node1 UNSTICK_PORT=8081 java -jar unstick-shop.jar
 * </pre>
 *
 * @param mode     {@code UNSTICK_MODE}: sticky, shared or hybrid (default shared)
 * @param nodeName {@code UNSTICK_NODE_NAME}: shown in {@code X-Unstick-Node} and used as Tomcat's jvmRoute
 *                 (default: the host name)
 * @param port     {@code UNSTICK_PORT}: the HTTP port (default 8081; 0 picks a free one)
 * @param hazelcastMembers  {@code UNSTICK_HAZELCAST_MEMBERS}: comma-separated {@code host:port} of the session
 *                          store's members (shared/hybrid; default: this node's own member on 127.0.0.1)
 * @param hazelcastPort     {@code UNSTICK_HAZELCAST_PORT}: this node's embedded member port (default 5701)
 * @param hazelcastTopology {@code UNSTICK_HAZELCAST_TOPOLOGY}: {@code embedded} (a member in each node, default)
 *                          or {@code client} (connect to a separate cluster at the members)
 * @param deltaCluster      {@code UNSTICK_SESSION_MANAGER=delta}: Tomcat's DeltaManager on a Tribes cluster instead of
 *                          the mode's manager (a benchmark peer; sticky mode only), with its receiver port
 *                          ({@code UNSTICK_TRIBES_PORT}) and members ({@code UNSTICK_TRIBES_MEMBERS}); {@code null}
 *                          when the mode chooses the manager (default)
 */
public record ShopConfig(Mode mode, String nodeName, int port, List<String> hazelcastMembers, int hazelcastPort,
                         String hazelcastTopology, TribesDeltaCluster.Config deltaCluster) {

    public static final Mode DEFAULT_MODE = Mode.SHARED;
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_HAZELCAST_PORT = 5701;
    public static final String DEFAULT_HAZELCAST_TOPOLOGY = "embedded";

    public ShopConfig {
        Objects.requireNonNull(mode, "mode");
        NodeNames.requireValid(nodeName);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UNSTICK_PORT must be 0..65535, but was " + port);
        }
        hazelcastMembers = List.copyOf(hazelcastMembers);
        for (String member : hazelcastMembers) {
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException(
                        "UNSTICK_HAZELCAST_MEMBERS must be comma-separated host:port, but contained '" + member + "'");
            }
        }
        if (hazelcastPort < 1 || hazelcastPort > 65535) {
            throw new IllegalArgumentException("UNSTICK_HAZELCAST_PORT must be 1..65535, but was " + hazelcastPort);
        }
        if (!hazelcastTopology.equals("embedded") && !hazelcastTopology.equals("client")) {
            throw new IllegalArgumentException(
                    "UNSTICK_HAZELCAST_TOPOLOGY must be embedded or client, but was '" + hazelcastTopology + "'");
        }
        if (deltaCluster != null && mode != Mode.STICKY) {
            throw new IllegalArgumentException("UNSTICK_SESSION_MANAGER=delta needs UNSTICK_MODE=sticky: Tomcat's"
                    + " DeltaManager relies on sticky routing, but the mode was " + mode.label());
        }
    }

    /** A node whose mode chooses its session manager. */
    public ShopConfig(Mode mode, String nodeName, int port, List<String> hazelcastMembers, int hazelcastPort,
                      String hazelcastTopology) {
        this(mode, nodeName, port, hazelcastMembers, hazelcastPort, hazelcastTopology, null);
    }

    /** A node with the session store's defaults: its own embedded member on port 5701. */
    public ShopConfig(Mode mode, String nodeName, int port) {
        this(mode, nodeName, port, List.of(), DEFAULT_HAZELCAST_PORT, DEFAULT_HAZELCAST_TOPOLOGY);
    }

    /**
     * The store's members, or by default this node's own member on loopback (a one-node cluster, reachable only
     * from this machine).
     */
    public List<String> hazelcastMembersOrDefault() {
        return hazelcastMembers.isEmpty() ? List.of("127.0.0.1:" + hazelcastPort) : hazelcastMembers;
    }

    /** Reads this process's environment. */
    public static ShopConfig fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The node name alone, for a WAR on a standalone Tomcat whose session manager is set in context.xml. */
    static String nodeNameFromEnvironment() {
        String name = System.getenv("UNSTICK_NODE_NAME");
        return name == null || name.isBlank() ? hostName() : NodeNames.requireValid(name.trim());
    }

    /** Reads the {@code UNSTICK_*} variables; anything unset takes its default. */
    public static ShopConfig fromEnvironment(Map<String, String> env) {
        Mode mode = present(env.get("UNSTICK_MODE")) ? Mode.parse(env.get("UNSTICK_MODE")) : DEFAULT_MODE;
        String node = present(env.get("UNSTICK_NODE_NAME")) ? env.get("UNSTICK_NODE_NAME").trim() : hostName();
        int port = present(env.get("UNSTICK_PORT")) ? parsePort("UNSTICK_PORT", env.get("UNSTICK_PORT")) : DEFAULT_PORT;
        List<String> members = present(env.get("UNSTICK_HAZELCAST_MEMBERS"))
                ? Arrays.stream(env.get("UNSTICK_HAZELCAST_MEMBERS").split(",")).map(String::trim)
                        .filter(m -> !m.isEmpty()).toList()
                : List.of();
        int hazelcastPort = present(env.get("UNSTICK_HAZELCAST_PORT"))
                ? parsePort("UNSTICK_HAZELCAST_PORT", env.get("UNSTICK_HAZELCAST_PORT")) : DEFAULT_HAZELCAST_PORT;
        String topology = present(env.get("UNSTICK_HAZELCAST_TOPOLOGY"))
                ? env.get("UNSTICK_HAZELCAST_TOPOLOGY").trim().toLowerCase(Locale.ROOT) : DEFAULT_HAZELCAST_TOPOLOGY;
        return new ShopConfig(mode, node, port, members, hazelcastPort, topology, deltaCluster(env));
    }

    /** {@code UNSTICK_SESSION_MANAGER}: unset or {@code mode} lets the mode choose; {@code delta} is Tomcat's DeltaManager. */
    private static TribesDeltaCluster.Config deltaCluster(Map<String, String> env) {
        String manager = present(env.get("UNSTICK_SESSION_MANAGER"))
                ? env.get("UNSTICK_SESSION_MANAGER").trim().toLowerCase(Locale.ROOT) : "mode";
        if (manager.equals("mode")) {
            return null;
        }
        if (!manager.equals("delta")) {
            throw new IllegalArgumentException("UNSTICK_SESSION_MANAGER must be mode or delta, but was '" + manager + "'");
        }
        int port = present(env.get("UNSTICK_TRIBES_PORT"))
                ? parsePort("UNSTICK_TRIBES_PORT", env.get("UNSTICK_TRIBES_PORT")) : TribesDeltaCluster.Config.DEFAULT_PORT;
        List<String> members = present(env.get("UNSTICK_TRIBES_MEMBERS"))
                ? Arrays.stream(env.get("UNSTICK_TRIBES_MEMBERS").split(",")).map(String::trim)
                        .filter(m -> !m.isEmpty()).toList()
                : List.of();
        return new TribesDeltaCluster.Config(port, members);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static int parsePort(String variable, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a number, but was '" + value + "'", e);
        }
    }

    private static String hostName() {
        try {
            return NodeNames.sanitize(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // A container without a resolvable host name still deserves a usable node name.
            return "node";
        }
    }
}
