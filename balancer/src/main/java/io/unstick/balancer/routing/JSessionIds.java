package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;

import java.util.Deque;
import java.util.Locale;

/**
 * Tomcat session ids as they travel: {@code JSESSIONID=ABCDEF0123.node1}, the part after the last dot being
 * the jvmRoute (the node name). Also found as a path parameter: {@code /cart;jsessionid=ABCDEF0123.node1}.
 *
 * <pre>
 * ABCDEF0123.node1   id ABCDEF0123.node1, base ABCDEF0123, route node1
 * ABCDEF0123         id ABCDEF0123, base ABCDEF0123, no route
 * ABC.DEF.node2      route node2 (the last dot wins)
 * .node1, ABC.       malformed: no route
 * </pre>
 */
public final class JSessionIds {

    public static final String COOKIE_NAME = "JSESSIONID";
    private static final String PATH_PARAMETER = "jsessionid";
    private static final String SET_COOKIE_PREFIX = COOKIE_NAME + "=";
    /** Longer values are not Tomcat ids; ignoring them keeps garbage out of the bound-client map. */
    private static final int MAX_LENGTH = 256;

    private JSessionIds() {
    }

    /** The session id the client sent (cookie first, then path parameter), or null. */
    public static String fromRequest(HttpServerExchange exchange) {
        String id = RequestCookies.value(exchange, COOKIE_NAME);
        if (id == null || id.isEmpty()) {
            Deque<String> param = exchange.getPathParameters().get(PATH_PARAMETER);
            id = param == null ? null : param.peekFirst();
        }
        return id == null || id.isEmpty() || id.length() > MAX_LENGTH ? null : id;
    }

    /** The id a {@code Set-Cookie: JSESSIONID=...} header issues, or null for other cookies and deletions. */
    public static String fromSetCookie(String setCookie) {
        if (!setCookie.regionMatches(true, 0, SET_COOKIE_PREFIX, 0, SET_COOKIE_PREFIX.length())) {
            return null;
        }
        int end = setCookie.indexOf(';');
        String value = (end < 0 ? setCookie.substring(SET_COOKIE_PREFIX.length()) : setCookie.substring(SET_COOKIE_PREFIX.length(), end)).trim();
        String attributes = setCookie.toLowerCase(Locale.ROOT);
        if (value.isEmpty() || attributes.contains("max-age=0") || attributes.contains("expires=thu, 01 jan 1970")) {
            return null;
        }
        return value;
    }

    /** The jvmRoute suffix, or null if the id has none. */
    public static String route(String id) {
        int dot = id.lastIndexOf('.');
        return dot <= 0 || dot == id.length() - 1 ? null : id.substring(dot + 1);
    }

    /** The id without its route: what stays the same when only the route is rewritten on takeover. */
    public static String base(String id) {
        int dot = id.lastIndexOf('.');
        return dot <= 0 || dot == id.length() - 1 ? id : id.substring(0, dot);
    }
}
