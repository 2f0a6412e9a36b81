package io.unstick.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the peer programs a test runs, and skips the test (a JUnit assumption) when one is missing — or fails
 * it when the build runs with {@code -Dunstick.requireTools=true}, which is how CI makes sure nothing it
 * should run was skipped.
 *
 * <pre>
 * PeerTools.require(PeerTool.REDIS_SERVER);              // skip (or fail) this test here if it is missing
 * Path chromium = PeerTools.path(PeerTool.CHROMIUM);     // the same, then its absolute path
 * </pre>
 */
public final class PeerTools {

    /** The system property (set from the Maven property of the same name) that turns skips into failures. */
    public static final String REQUIRE_PROPERTY = "unstick.requireTools";

    /** Debian keeps haproxy, nginx, iptables and nft in sbin folders that a normal user's PATH may lack. */
    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private final List<Path> searchPath;
    private final boolean required;
    private final boolean root;

    PeerTools(List<Path> searchPath, boolean required, boolean root) {
        this.searchPath = List.copyOf(searchPath);
        this.required = required;
        this.root = root;
    }

    /** This JVM's view: its PATH plus the sbin folders, {@value #REQUIRE_PROPERTY}, and whether it runs as root. */
    static PeerTools onThisMachine() {
        String path = System.getenv().getOrDefault("PATH", "");
        Set<String> dirs = new LinkedHashSet<>(Arrays.asList(path.split(File.pathSeparator)));
        dirs.addAll(SBIN);
        List<Path> searchPath = dirs.stream().filter(dir -> !dir.isEmpty()).map(Path::of).toList();
        return new PeerTools(searchPath, Boolean.getBoolean(REQUIRE_PROPERTY), runsAsRoot());
    }

    /** Skips the calling test (or fails it, under {@value #REQUIRE_PROPERTY}) unless every tool is installed. */
    public static void require(PeerTool... tools) {
        onThisMachine().check(List.of(tools), false);
    }

    /** Skips the calling test (or fails it, under {@value #REQUIRE_PROPERTY}) unless the JVM runs as root. */
    public static void requireRoot() {
        onThisMachine().check(List.of(), true);
    }

    /** {@link #require} one tool, then its absolute path. */
    public static Path path(PeerTool tool) {
        PeerTools machine = onThisMachine();
        machine.check(List.of(tool), false);
        return machine.find(tool).orElseThrow();
    }

    /** The executable {@code tool} on the search path, if any. */
    Optional<Path> find(PeerTool tool) {
        return searchPath.stream().map(dir -> dir.resolve(tool.command()))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .map(Path::toAbsolutePath).findFirst();
    }

    /** @throws org.opentest4j.TestAbortedException or, when required, an AssertionError, naming what is missing */
    void check(Collection<PeerTool> tools, boolean needsRoot) {
        Optional<String> reason = missing(tools, needsRoot);
        if (reason.isPresent()) {
            failIfRequired(reason.get());
            Assumptions.abort(skipMessage(reason.get()));
        }
    }

    /** What keeps a test that needs {@code tools} (and root, if {@code needsRoot}) from running here, if anything. */
    Optional<String> missing(Collection<PeerTool> tools, boolean needsRoot) {
        List<PeerTool> missing = tools.stream().distinct().filter(tool -> find(tool).isEmpty()).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(missing.stream().map(PeerTool::command).collect(Collectors.joining(", "))
                    + (missing.size() == 1 ? " is" : " are") + " not installed (apt-get install "
                    + missing.stream().map(PeerTool::debianPackage).distinct().collect(Collectors.joining(" ")) + ")");
        }
        if (needsRoot && !root) {
            problems.add("it must run as root");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", problems));
    }

    /** @throws org.opentest4j.AssertionFailedError under {@value #REQUIRE_PROPERTY} */
    void failIfRequired(String reason) {
        if (required) {
            Assertions.fail("This test must run here (-D" + REQUIRE_PROPERTY + "=true), but " + reason
                    + ". .ci/run installs every tool.");
        }
    }

    static String skipMessage(String reason) {
        return "Skipped: " + reason + ". .ci/run installs every tool and runs this test;"
                + " -D" + REQUIRE_PROPERTY + "=true turns this skip into a failure.";
    }

    /** The owner of /proc/self is this process's effective user. */
    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
