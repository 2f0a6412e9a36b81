package io.unstick.balancer.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code UNSTICK_ROUTING} value: which strategy chooses the node.
 *
 * <pre>
 * cookie          signed UNSTICK_ROUTE cookie inserted by the balancer
 * jsessionid      Tomcat jvmRoute suffix of JSESSIONID (cookie or ;jsessionid= path parameter)
 * source-ip       consistent hash of the client address
 * header:X-User   consistent hash of a request header
 * round-robin     no affinity, in turn
 * least-requests  no affinity, fewest in-flight requests (ties in turn)
 * </pre>
 */
public record RoutingSpec(Kind kind, String headerName) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    public enum Kind { COOKIE, JSESSIONID, SOURCE_IP, HEADER, ROUND_ROBIN, LEAST_REQUESTS }

    public RoutingSpec {
        if ((kind == Kind.HEADER) != (headerName != null)) {
            throw new IllegalArgumentException("a header name goes with header routing only");
        }
    }

    /** Parses one of the documented values; the message lists them all when the value is unknown. */
    public static RoutingSpec parse(String value) {
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("header:")) {
            String header = v.substring("header:".length()).trim();
            if (!TOKEN.matcher(header).matches()) {
                throw new IllegalArgumentException("header routing needs a valid header name, as in header:X-User, got '" + value + "'");
            }
            return new RoutingSpec(Kind.HEADER, header);
        }
        return switch (lower) {
            case "cookie" -> new RoutingSpec(Kind.COOKIE, null);
            case "jsessionid" -> new RoutingSpec(Kind.JSESSIONID, null);
            case "source-ip" -> new RoutingSpec(Kind.SOURCE_IP, null);
            case "round-robin" -> new RoutingSpec(Kind.ROUND_ROBIN, null);
            case "least-requests" -> new RoutingSpec(Kind.LEAST_REQUESTS, null);
            default -> throw new IllegalArgumentException("expected cookie, jsessionid, source-ip, header:NAME, round-robin or least-requests, got '" + value + "'");
        };
    }

    /** The value as written in {@code UNSTICK_ROUTING}. */
    @Override
    public String toString() {
        return kind == Kind.HEADER ? "header:" + headerName : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
