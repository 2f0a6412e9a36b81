package io.unstick.shop;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
 */
public record ShopConfig(Mode mode, String nodeName, int port) {

    public static final Mode DEFAULT_MODE = Mode.SHARED;
    public static final int DEFAULT_PORT = 8081;

    public ShopConfig {
        Objects.requireNonNull(mode, "mode");
        NodeNames.requireValid(nodeName);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UNSTICK_PORT must be 0..65535, but was " + port);
        }
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
        int port = present(env.get("UNSTICK_PORT")) ? parsePort(env.get("UNSTICK_PORT")) : DEFAULT_PORT;
        return new ShopConfig(mode, node, port);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("UNSTICK_PORT must be a number, but was '" + value + "'", e);
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
