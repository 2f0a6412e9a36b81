package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.Programs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The programs the benchmark runs; a missing one is reported with the one command that installs it. */
public final class RequiredTools {

    /** Program name → Debian package. */
    private static final Map<String, String> PACKAGES = Map.of(
            "haproxy", "haproxy", "nginx", "nginx", "wrk", "wrk", "hey", "hey", "taskset", "util-linux");

    private RequiredTools() {
    }

    /** @throws IllegalStateException with the apt-get line when something is missing */
    public static void requireInstalled() {
        List<String> packages = new ArrayList<>();
        for (String program : List.of("haproxy", "nginx", "wrk", "hey", "taskset")) {
            if (find(program) == null) {
                packages.add(PACKAGES.get(program));
            }
        }
        if (!packages.isEmpty()) {
            throw new IllegalStateException("missing " + String.join(", ", packages) + ": install with"
                    + " sudo apt-get install " + String.join(" ", packages));
        }
    }

    /** The program's absolute path on PATH (plus the sbin folders Debian puts haproxy and nginx in), or null. */
    public static String find(String program) {
        return Programs.find(program).map(Path::toString).orElse(null);
    }

    public static String path(String program) {
        String found = find(program);
        if (found == null) {
            throw new IllegalStateException(program + " is missing: install with sudo apt-get install " + PACKAGES.get(program));
        }
        return found;
    }
}
