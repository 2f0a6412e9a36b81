package io.unstick.shop;

import io.unstick.shop.peers.PeerManager;
import io.unstick.shop.peers.RedisSessions;
import io.unstick.shop.peers.TribesReplication;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shop node's configuration, read once at start from the environment.
 *
 * <pre>
 * UNSTICK_MODE=sticky UNSTICK_NODE_NAME=node1 UNSTICK_PORT=8081 UNSTICK_MANAGEMENT_PORT=9081 java -jar unstick-shop.jar
 * </pre>
 *
 * @param mode     {@code UNSTICK_MODE}: sticky, shared or hybrid (default shared)
 * @param nodeName {@code UNSTICK_NODE_NAME}: shown in {@code X-Unstick-Node} and used as Tomcat's jvmRoute
 *                 (default: the host name)
 * @param bindAddress {@code UNSTICK_BIND_ADDRESS}: the address the public listener binds (default 127.0.0.1; a
 *                    container sets 0.0.0.0)
 * @param port     {@code UNSTICK_PORT}: the public HTTP port, the one the balancer forwards to (default 8081; 0 picks
 *                 a free one)
 * @param management the management listener: metrics and detailed health, never forwarded by the balancer
 * @param hazelcastMembers  {@code UNSTICK_HAZELCAST_MEMBERS}: comma-separated {@code host:port} of the session
 *                          store's members (shared/hybrid; default: this node's own member on 127.0.0.1)
 * @param hazelcastPort     {@code UNSTICK_HAZELCAST_PORT}: this node's embedded member port (default 5701)
 * @param hazelcastTopology {@code UNSTICK_HAZELCAST_TOPOLOGY}: {@code embedded} (a member in each node, default)
 *                          or {@code client} (connect to a separate cluster at the members)
 * @param peer     {@code UNSTICK_SESSION_MANAGER}: a peer's session manager instead of the mode's, for the lab's
 *                 comparisons ({@code delta}, {@code backup}: Tomcat's replication, with {@code UNSTICK_TRIBES_*};
 *                 {@code redis}: Redisson, with {@code UNSTICK_REDIS_*}); {@code null} when the mode chooses
 *                 ({@code mode}, the default). The mode then only sets the balancer's routing, which the peer checks
 * @param emptySessionTimeout {@code UNSTICK_EMPTY_SESSION_TIMEOUT}: the idle timeout of a session that holds nothing
 *                            worth keeping (no cart line, no login, no order), in whole seconds (default 60s); such
 *                            a session gets the normal 30 minutes once it holds something
 */
public record ShopConfig(Mode mode, String nodeName, String bindAddress, int port, Management management,
                         List<String> hazelcastMembers, int hazelcastPort, String hazelcastTopology,
                         PeerManager peer, Duration emptySessionTimeout) {

    public static final Mode DEFAULT_MODE = Mode.SHARED;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_HAZELCAST_PORT = 5701;
    public static final String DEFAULT_HAZELCAST_TOPOLOGY = "embedded";
    public static final Duration DEFAULT_EMPTY_SESSION_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /**
     * The management listener: {@code GET /metrics} (Prometheus text) and {@code GET /health} (detail). Loopback
     * unless told otherwise, and a port of its own: the balancer forwards only the public port.
     *
     * @param bindAddress {@code UNSTICK_MANAGEMENT_BIND_ADDRESS} (default 127.0.0.1)
     * @param port        {@code UNSTICK_MANAGEMENT_PORT} (default 9081; 0 picks a free one)
     */
    public record Management(String bindAddress, int port) {

        public static final int DEFAULT_PORT = 9081;

        public Management {
            requireAddress("UNSTICK_MANAGEMENT_BIND_ADDRESS", bindAddress);
            requirePort("UNSTICK_MANAGEMENT_PORT", port);
        }

        /** Loopback, on a free port: for a node started in a test or an embedding program. */
        public static Management anyFreeLoopbackPort() {
            return new Management(DEFAULT_BIND_ADDRESS, 0);
        }
    }

    public ShopConfig {
        Objects.requireNonNull(mode, "mode");
        NodeNames.requireValid(nodeName);
        requireAddress("UNSTICK_BIND_ADDRESS", bindAddress);
        requirePort("UNSTICK_PORT", port);
        Objects.requireNonNull(management, "management");
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
        if (peer != null) {
            peer.requireRouting(mode);
        }
        if (emptySessionTimeout.toMillis() % 1000 != 0 || emptySessionTimeout.toSeconds() < 1
                || emptySessionTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("UNSTICK_EMPTY_SESSION_TIMEOUT must be a whole number of seconds, at"
                    + " least 1s, but was " + emptySessionTimeout.toMillis() + "ms");
        }
    }

    /** A node whose mode chooses its session manager, on loopback, its management listener on a free port. */
    public ShopConfig(Mode mode, String nodeName, int port, List<String> hazelcastMembers, int hazelcastPort,
                      String hazelcastTopology) {
        this(mode, nodeName, DEFAULT_BIND_ADDRESS, port, Management.anyFreeLoopbackPort(), hazelcastMembers,
                hazelcastPort, hazelcastTopology, null, DEFAULT_EMPTY_SESSION_TIMEOUT);
    }

    /** A node with the session store's defaults: its own embedded member on port 5701. */
    public ShopConfig(Mode mode, String nodeName, int port) {
        this(mode, nodeName, port, List.of(), DEFAULT_HAZELCAST_PORT, DEFAULT_HAZELCAST_TOPOLOGY);
    }

    /** This configuration with another idle timeout for sessions that hold nothing worth keeping. */
    public ShopConfig withEmptySessionTimeout(Duration timeout) {
        return new ShopConfig(mode, nodeName, bindAddress, port, management, hazelcastMembers, hazelcastPort,
                hazelcastTopology, peer, timeout);
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

    /** The empty-session timeout alone, for a WAR on a standalone Tomcat. */
    static Duration emptySessionTimeoutFromEnvironment() {
        String value = System.getenv("UNSTICK_EMPTY_SESSION_TIMEOUT");
        return present(value) ? parseDuration("UNSTICK_EMPTY_SESSION_TIMEOUT", value) : DEFAULT_EMPTY_SESSION_TIMEOUT;
    }

    /** Reads the {@code UNSTICK_*} variables; anything unset takes its default. */
    public static ShopConfig fromEnvironment(Map<String, String> env) {
        Mode mode = present(env.get("UNSTICK_MODE")) ? Mode.parse(env.get("UNSTICK_MODE")) : DEFAULT_MODE;
        String node = present(env.get("UNSTICK_NODE_NAME")) ? env.get("UNSTICK_NODE_NAME").trim() : hostName();
        String bind = present(env.get("UNSTICK_BIND_ADDRESS")) ? env.get("UNSTICK_BIND_ADDRESS").trim() : DEFAULT_BIND_ADDRESS;
        int port = present(env.get("UNSTICK_PORT")) ? parsePort("UNSTICK_PORT", env.get("UNSTICK_PORT")) : DEFAULT_PORT;
        Management management = new Management(
                present(env.get("UNSTICK_MANAGEMENT_BIND_ADDRESS"))
                        ? env.get("UNSTICK_MANAGEMENT_BIND_ADDRESS").trim() : DEFAULT_BIND_ADDRESS,
                present(env.get("UNSTICK_MANAGEMENT_PORT"))
                        ? parsePort("UNSTICK_MANAGEMENT_PORT", env.get("UNSTICK_MANAGEMENT_PORT")) : Management.DEFAULT_PORT);
        List<String> members = present(env.get("UNSTICK_HAZELCAST_MEMBERS"))
                ? Arrays.stream(env.get("UNSTICK_HAZELCAST_MEMBERS").split(",")).map(String::trim)
                        .filter(m -> !m.isEmpty()).toList()
                : List.of();
        int hazelcastPort = present(env.get("UNSTICK_HAZELCAST_PORT"))
                ? parsePort("UNSTICK_HAZELCAST_PORT", env.get("UNSTICK_HAZELCAST_PORT")) : DEFAULT_HAZELCAST_PORT;
        String topology = present(env.get("UNSTICK_HAZELCAST_TOPOLOGY"))
                ? env.get("UNSTICK_HAZELCAST_TOPOLOGY").trim().toLowerCase(Locale.ROOT) : DEFAULT_HAZELCAST_TOPOLOGY;
        Duration emptySessionTimeout = present(env.get("UNSTICK_EMPTY_SESSION_TIMEOUT"))
                ? parseDuration("UNSTICK_EMPTY_SESSION_TIMEOUT", env.get("UNSTICK_EMPTY_SESSION_TIMEOUT"))
                : DEFAULT_EMPTY_SESSION_TIMEOUT;
        return new ShopConfig(mode, node, bind, port, management, members, hazelcastPort, topology, peer(env),
                emptySessionTimeout);
    }

    /**
     * {@code UNSTICK_SESSION_MANAGER}: unset or {@code mode} lets the mode choose; {@code delta} and {@code backup} are
     * Tomcat's DeltaManager and BackupManager, {@code redis} is Redisson's manager.
     */
    private static PeerManager peer(Map<String, String> env) {
        String manager = present(env.get("UNSTICK_SESSION_MANAGER"))
                ? env.get("UNSTICK_SESSION_MANAGER").trim().toLowerCase(Locale.ROOT) : "mode";
        return switch (manager) {
            case "mode" -> null;
            case "delta" -> tribes(TribesReplication.Kind.DELTA, env);
            case "backup" -> tribes(TribesReplication.Kind.BACKUP, env);
            case "redis" -> new RedisSessions(
                    present(env.get("UNSTICK_REDIS_PORT"))
                            ? parsePort("UNSTICK_REDIS_PORT", env.get("UNSTICK_REDIS_PORT")) : RedisSessions.DEFAULT_PORT,
                    present(env.get("UNSTICK_REDIS_READ_MODE"))
                            ? RedisSessions.readMode(env.get("UNSTICK_REDIS_READ_MODE")) : RedisSessions.ReadMode.REDIS,
                    present(env.get("UNSTICK_REDIS_UPDATE_MODE"))
                            ? RedisSessions.updateMode(env.get("UNSTICK_REDIS_UPDATE_MODE")) : RedisSessions.UpdateMode.DEFAULT);
            default -> throw new IllegalArgumentException("UNSTICK_SESSION_MANAGER must be mode, delta, backup or redis,"
                    + " but was '" + manager + "'");
        };
    }

    private static TribesReplication tribes(TribesReplication.Kind kind, Map<String, String> env) {
        int port = present(env.get("UNSTICK_TRIBES_PORT"))
                ? parsePort("UNSTICK_TRIBES_PORT", env.get("UNSTICK_TRIBES_PORT")) : TribesReplication.DEFAULT_PORT;
        List<String> members = present(env.get("UNSTICK_TRIBES_MEMBERS"))
                ? Arrays.stream(env.get("UNSTICK_TRIBES_MEMBERS").split(",")).map(String::trim)
                        .filter(m -> !m.isEmpty()).toList()
                : List.of();
        return new TribesReplication(kind, port, members);
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

    /** {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}. */
    static Duration parseDuration(String variable, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(variable + " must be a duration such as 90s, 2m or 500ms, but was '"
                    + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static void requirePort(String variable, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(variable + " must be 0..65535, but was " + port);
        }
    }

    private static void requireAddress(String variable, String address) {
        if (address == null || address.isBlank() || !address.matches("[A-Za-z0-9.:_\\[\\]%-]+")) {
            throw new IllegalArgumentException(variable + " must be an IP address or host name such as 127.0.0.1 or"
                    + " 0.0.0.0, but was '" + address + "'");
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
