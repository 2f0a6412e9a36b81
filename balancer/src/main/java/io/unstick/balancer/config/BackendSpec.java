package io.unstick.balancer.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One backend node: a name (the Tomcat jvmRoute, shown in the admin API) and its base URL.
 *
 * <p>Parsed from {@code UNSTICK_BACKENDS}, e.g. {@code node1=http://127.0.0.1:8081,node2=http://127.0.0.1:8082}.
 */
public record BackendSpec(String name, URI url) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public BackendSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node name '" + name + "' must be 1-64 letters, digits, '-' or '_'");
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
            throw new IllegalArgumentException("node url '" + url + "' must look like http://host:port");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("node url '" + url + "' must not have a query or fragment");
        }
    }

    /** Parses {@code name=http://host:port}; the message says what is wrong. */
    public static BackendSpec parse(String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            throw new IllegalArgumentException("entry '" + entry + "' must look like name=http://host:port");
        }
        String name = entry.substring(0, eq).trim();
        URI url;
        try {
            url = URI.create(entry.substring(eq + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("entry '" + entry + "' has a malformed URL: " + e.getMessage(), e);
        }
        return new BackendSpec(name, url);
    }

    /** Parses a comma-separated list; names must be unique. An empty value gives an empty list. */
    public static List<BackendSpec> parseList(String value) {
        List<BackendSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            BackendSpec spec = parse(entry.trim());
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("node name '" + spec.name() + "' appears twice");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }
}
