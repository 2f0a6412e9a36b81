package io.unstick.session.internal.core;

/**
 * Session ids as Tomcat issues them: {@code <base>[.<jvmRoute>]}. The store is keyed by a keyed hash of the base
 * ({@code StoreKeys}), so any node can find a session whatever route its cookie carries; each node names its local
 * copy with its own route.
 *
 * <pre>
 * id                  base        route
 * 4F2A...9C           4F2A...9C   (none)
 * 4F2A...9C.node1     4F2A...9C   node1
 * </pre>
 */
public final class SessionIds {

    private SessionIds() {
    }

    public static String base(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    /** The route suffix, or null when the id has none. */
    public static String route(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? null : id.substring(dot + 1);
    }

    /** The id this node uses for a session: the base plus this node's route, if it has one. */
    public static String withRoute(String base, String jvmRoute) {
        return jvmRoute == null || jvmRoute.isEmpty() ? base : base + "." + jvmRoute;
    }
}
