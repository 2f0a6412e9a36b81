package io.unstick.shop;

import java.util.regex.Pattern;

/**
 * Node names end up in a response header and, as Tomcat's jvmRoute, after the dot of every session id,
 * so they are restricted to characters that are safe in both.
 */
final class NodeNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private NodeNames() {
    }

    static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "UNSTICK_NODE_NAME must be 1-64 characters of [A-Za-z0-9_-], but was '" + name + "'");
        }
        return name;
    }

    /** Turns a host name such as {@code shop-1.example.com} into {@code shop-1}. */
    static String sanitize(String hostName) {
        String first = hostName.split("\\.", 2)[0].replaceAll("[^A-Za-z0-9_-]", "-");
        return first.isEmpty() ? "node" : first.substring(0, Math.min(64, first.length()));
    }
}
