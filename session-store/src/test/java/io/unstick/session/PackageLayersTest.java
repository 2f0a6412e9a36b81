package io.unstick.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's layers, read from the sources: each package uses only the packages below it (so there are no cycles),
 * the core knows neither Tomcat nor a running Hazelcast, and only the documented classes are public outside
 * {@code internal}.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "io.unstick.session";

    /** Which of the jar's packages each package may use; the order of this table is the layering. */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "internal.codec", Set.of(),
            "internal.core", Set.of("internal.codec"),
            "internal.hazelcast", Set.of("internal.core", "internal.codec"),
            "internal.tomcat", Set.of("internal.core", "internal.codec", "internal.hazelcast"),
            "", Set.of("internal.core", "internal.codec", "internal.hazelcast", "internal.tomcat"),
            "store", Set.of("internal.hazelcast"),
            "micrometer", Set.of(""));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.unstick\\.session((?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Pattern CONTAINER = Pattern.compile("\\b(org\\.apache\\.(catalina|tomcat|juli|coyote)|jakarta)\\.");
    private static final Pattern HAZELCAST_BEYOND_SERIALIZATION = Pattern.compile("\\bcom\\.hazelcast\\.(?!nio\\.)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile("^public (final |abstract )*(class|interface|enum|record) (\\w+)",
            Pattern.MULTILINE);

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        Map<String, Set<String>> used = new TreeMap<>();
        forEachSource((pkg, source) -> {
            Matcher m = REFERENCE.matcher(source);
            while (m.find()) {
                String target = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                if (!target.equals(pkg)) {
                    used.computeIfAbsent(pkg, p -> new TreeSet<>()).add(target);
                }
            }
        });
        assertThat(MAY_USE.keySet()).as("every package has a layer").containsAll(used.keySet());
        used.forEach((pkg, targets) -> assertThat(MAY_USE.get(pkg)).as("packages used by '%s'", pkg)
                .containsAll(targets));
    }

    @Test
    void theCoreAndTheCodecKnowNeitherTomcatNorARunningHazelcast() {
        forEachSource((pkg, source) -> {
            if (pkg.equals("internal.core") || pkg.equals("internal.codec")) {
                assertThat(CONTAINER.matcher(source).find()).as("a container type in %s", pkg).isFalse();
                assertThat(HAZELCAST_BEYOND_SERIALIZATION.matcher(source).find())
                        .as("Hazelcast beyond its serialization interfaces in %s", pkg).isFalse();
            }
        });
    }

    @Test
    void onlyTheDocumentedClassesArePublicOutsideInternal() {
        Set<String> exposed = new TreeSet<>();
        forEachSource((pkg, source) -> {
            if (!pkg.startsWith("internal")) {
                Matcher m = PUBLIC_TYPE.matcher(source);
                while (m.find()) {
                    exposed.add((pkg.isEmpty() ? "" : pkg + ".") + m.group(3));
                }
            }
        });
        assertThat(exposed).containsExactlyInAnyOrder("HazelcastSessionManager", "SessionStoreMetrics",
                "SessionStoreUnavailableException", "SessionStoreReadiness", "ReadinessValve", "store.StoreMember",
                "micrometer.SessionStoreMeterBinder");
    }

    private interface SourceVisitor {
        void visit(String pkg, String source);
    }

    private static void forEachSource(SourceVisitor visitor) {
        Path root = SOURCES.resolve(ROOT.replace('.', '/'));
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path file : sources) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                visitor.visit(pkg, Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
