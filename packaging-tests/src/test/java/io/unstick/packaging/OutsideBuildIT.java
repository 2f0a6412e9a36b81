package io.unstick.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static io.unstick.packaging.Build.ROOT;
import static io.unstick.packaging.Build.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./mvnw install} leaves is enough for another build: a copy of the source tree is installed into a
 * local repository of its own, the unstick parent POM is then removed from it, and a project outside the tree
 * (src/test/resources/outside-project: two embedded Tomcats sharing a session through the Manager) is built and
 * tested offline against it.
 */
class OutsideBuildIT {

    /** Not copied: build output and local state. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "runs", ".unstick", ".idea", "node_modules");

    @TempDir
    Path work;

    @Test
    void anOutsideProjectBuildsAgainstTheInstalledArtifacts() throws IOException, InterruptedException {
        Path source = copyTree(ROOT, work.resolve("source"));
        Path repository = Files.createDirectories(work.resolve("repository"));
        // Online: the install plugin is the one plugin this build itself never runs, so it may not be local yet.
        Build.maven(source, repository, work.resolve("install.log"), 10,
                "install", "-Dmaven.test.skip=true", "-pl", "session-store", "-am");

        Path installed = repository.resolve("io/unstick/unstick-session-store/" + VERSION);
        String base = "unstick-session-store-" + VERSION;
        for (String file : new String[] {".pom", ".jar", "-all.jar", "-sources.jar", "-javadoc.jar"}) {
            assertThat(installed.resolve(base + file)).as("install left %s", base + file).exists();
        }
        String pom = Files.readString(installed.resolve(base + ".pom"));
        assertThat(pom).as("the installed POM is flattened").doesNotContain("<parent>", "${").contains("<version>" + VERSION + "</version>");
        assertThat(entries(installed.resolve(base + "-sources.jar"))).contains("io/unstick/session/HazelcastSessionManager.java");
        assertThat(entries(installed.resolve(base + "-javadoc.jar"))).contains("io/unstick/session/HazelcastSessionManager.html");

        deleteTree(repository.resolve("io/unstick/unstick-parent"));
        Path outside = copyTree(Path.of(System.getProperty("unstick.root")).resolve("packaging-tests/src/test/resources/outside-project"),
                work.resolve("outside-project"));
        fillIn(outside.resolve("pom.xml"));
        // Offline: every io.unstick artifact must come from the install above.
        Build.maven(outside, repository, work.resolve("outside.log"), 5, "-o", "verify");

        assertThat(Files.readString(work.resolve("outside.log"))).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    }

    /** Replaces {@code @name@} in the outside POM by this build's values (unstick's version, pinned plugins). */
    private static void fillIn(Path pom) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("unstick.version", VERSION);
        for (String pair : System.getProperty("unstick.outside.properties").split(",")) {
            String[] nameValue = pair.split("=", 2);
            values.put(nameValue[0].trim(), nameValue[1].trim());
        }
        String text = Files.readString(pom);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("@" + value.getKey() + "@", value.getValue());
        }
        assertThat(text).as("every @value@ in %s is known", pom).doesNotContainPattern("@[\\w.-]+@");
        Files.writeString(pom, text, StandardCharsets.UTF_8);
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Set.copyOf(file.stream().map(entry -> entry.getName()).toList());
        }
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(from) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
