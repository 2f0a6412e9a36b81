package io.unstick.balancer.routing;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Reads one request cookie straight from the {@code Cookie} headers. The routing needs one or two cookies per
 * request; Undertow's {@code getRequestCookie} parses all of them into objects and runs a regular expression per
 * cookie, which cost more than the rest of the routing decision together.
 *
 * <p>RFC 6265 syntax: {@code name=value} pairs separated by {@code ;}, optional whitespace, a value optionally in
 * double quotes (removed). Names match exactly; the first occurrence wins.
 */
public final class RequestCookies {

    private RequestCookies() {
    }

    /** The cookie's value, or null when the request does not carry it. */
    public static String value(HttpServerExchange exchange, String name) {
        HeaderValues headers = exchange.getRequestHeaders().get(Headers.COOKIE);
        if (headers == null) {
            return null;
        }
        for (int i = 0; i < headers.size(); i++) {
            String found = find(headers.get(i), name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static String find(String header, String name) {
        int length = header.length();
        int start = 0;
        while (start < length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int from = skipSpaces(header, start, end);
            int eq = header.indexOf('=', from);
            if (eq > 0 && eq < end && header.regionMatches(from, name, 0, name.length())
                    && trimEnd(header, from, eq) == from + name.length()) {
                return unquote(header, skipSpaces(header, eq + 1, end), trimEnd(header, eq + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    private static String unquote(String header, int from, int to) {
        if (to - from >= 2 && header.charAt(from) == '"' && header.charAt(to - 1) == '"') {
            return header.substring(from + 1, to - 1);
        }
        return from >= to ? "" : header.substring(from, to);
    }

    private static int skipSpaces(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
