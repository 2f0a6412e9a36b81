package io.unstick.packaging;

import org.junit.jupiter.api.BeforeAll;
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
 * local repository of its own, the unstick parent POM is then removed from it, and projects outside the tree are
 * built and tested offline against it:
 * <ul>
 *   <li>src/test/resources/outside-project: plain Maven, two embedded Tomcats sharing a session through the Manager;
 *   <li>src/test/resources/outside-boot-project: a Spring Boot application (Boot's parent POM, the unstick starter),
 *       two instances sharing a cart that outlives the first one's stop.
 * </ul>
 * Offline, every io.unstick artifact can only come from that install; third-party ones come from this build's local
 * repository (read-only) or from what the online step before each build fetched into the test's own.
 */
class OutsideBuildIT {

    /** Not copied: build output and local state. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "runs", ".unstick", ".idea", "node_modules");
    private static final Path PROJECTS = Path.of(System.getProperty("unstick.root")).resolve("packaging-tests/src/test/resources");

    @TempDir
    static Path work;
    private static Path repository;

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        Path source = copyTree(ROOT, work.resolve("source"));
        repository = Files.createDirectories(work.resolve("repository"));
        // Online: the install plugin is the one plugin this build itself never runs, so it may not be local yet.
        Build.maven(source, repository, work.resolve("install.log"), 10,
                "install", "-Dmaven.test.skip=true", "-pl", "session-store,spring-boot", "-am");
        deleteTree(repository.resolve("io/unstick/unstick-parent"));
    }

    @Test
    void theInstalledArtifactsAreFlattenedWithSourcesAndJavadoc() throws IOException {
        for (String[] artifact : new String[][] {
                {"unstick-session-store", "io/unstick/session/HazelcastSessionManager"},
                {"unstick-spring-boot-starter", "io/unstick/spring/boot/UnstickSessionAutoConfiguration"}}) {
            Path installed = repository.resolve("io/unstick/" + artifact[0] + "/" + VERSION);
            String base = artifact[0] + "-" + VERSION;
            for (String file : new String[] {".pom", ".jar", "-sources.jar", "-javadoc.jar"}) {
                assertThat(installed.resolve(base + file)).as("install left %s", base + file).exists();
            }
            String pom = Files.readString(installed.resolve(base + ".pom"));
            assertThat(pom).as("the installed POM of %s is flattened", artifact[0])
                    .doesNotContain("<parent>", "${").contains("<version>" + VERSION + "</version>");
            assertThat(entries(installed.resolve(base + "-sources.jar"))).contains(artifact[1] + ".java");
            assertThat(entries(installed.resolve(base + "-javadoc.jar"))).contains(artifact[1] + ".html");
        }
        assertThat(repository.resolve("io/unstick/unstick-session-store/" + VERSION + "/unstick-session-store-" + VERSION + "-all.jar")).exists();
    }

    @Test
    void anOutsideMavenProjectBuildsAgainstTheInstalledArtifacts() throws IOException, InterruptedException {
        Path outside = outsideProject("outside-project");
        Build.maven(outside, repository, work.resolve("outside.log"), 5, "-o", "verify");

        assertThat(Files.readString(work.resolve("outside.log"))).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    }

    @Test
    void anOutsideSpringBootProjectRunsOnTheInstalledStarter() throws IOException, InterruptedException {
        Path outside = outsideProject("outside-boot-project");
        // Online, without running a test: what Boot's parent brings (plugins, Surefire's JUnit provider) and this
        // build's own modules did not already fetch. The filter names the test classes but no method: Surefire
        // resolves its provider only when some class matches. io.unstick snapshots resolve only locally either way.
        Build.maven(outside, repository, work.resolve("outside-boot-fetch.log"), 10,
                "test", "-Dtest=*Test#fetchOnly", "-Dsurefire.failIfNoSpecifiedTests=false");
        Build.maven(outside, repository, work.resolve("outside-boot.log"), 10, "-o", "verify");

        assertThat(Files.readString(work.resolve("outside-boot.log")))
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
                .contains("outside-boot-cart-1.0.jar");
    }

    /** A copy of the outside project {@code name}, its {@code @value@} placeholders filled in. */
    private static Path outsideProject(String name) throws IOException {
        Path outside = copyTree(PROJECTS.resolve(name), work.resolve(name));
        fillIn(outside.resolve("pom.xml"));
        return outside;
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
