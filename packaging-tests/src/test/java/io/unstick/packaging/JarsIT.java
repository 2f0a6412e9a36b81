package io.unstick.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static io.unstick.packaging.Build.ROOT;
import static io.unstick.packaging.Build.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every jar and war the build makes carries unstick's LICENSE and NOTICE; every binary names its version in its
 * manifest; every jar that bundles third-party code lists each bundled component in META-INF/THIRD-PARTY.txt
 * and carries its notice.
 */
class JarsIT {

    /** What users run or depend on: if one of these is missing, the checks below would pass for the wrong reason. */
    private static final List<String> EXPECTED = List.of(
            "session-store/target/unstick-session-store-" + VERSION + ".jar",
            "session-store/target/unstick-session-store-" + VERSION + "-all.jar",
            "session-store/target/unstick-session-store-" + VERSION + "-sources.jar",
            "session-store/target/unstick-session-store-" + VERSION + "-javadoc.jar",
            "sample-app/target/unstick-shop.jar", "sample-app/target/unstick-shop.war",
            "balancer/target/unstick-balancer.jar", "lab/target/unstick-lab.jar",
            "benchmarks/target/unstick-benchmarks.jar", "test-support/target/unstick-test-support-" + VERSION + ".jar",
            "spring-boot/target/unstick-spring-boot-starter-" + VERSION + ".jar",
            "spring-boot/target/unstick-spring-boot-starter-" + VERSION + "-sources.jar",
            "spring-boot/target/unstick-spring-boot-starter-" + VERSION + "-javadoc.jar");

    static Stream<Path> archives() throws IOException {
        try (Stream<Path> files = Files.find(ROOT, 3, (path, attributes) -> attributes.isRegularFile()
                && path.getParent().getFileName().toString().equals("target")
                && path.getFileName().toString().matches(".*\\.(jar|war)")
                && !path.getFileName().toString().startsWith("original-"))) {
            return files.sorted().toList().stream();
        }
    }

    static Stream<Path> binaries() throws IOException {
        return archives().filter(path -> !path.getFileName().toString().matches(".*-(sources|javadoc)\\.jar"));
    }

    static Stream<Path> bundling() throws IOException {
        return binaries().filter(path -> !bundled(path).isEmpty() && path.toString().endsWith(".jar"));
    }

    @Test
    void theBuildMadeEveryJarUsersGet() throws IOException {
        assertThat(archives().map(path -> ROOT.relativize(path).toString())).containsAll(EXPECTED);
    }

    /**
     * Redisson and Tomcat's cluster are the lab's peers, bundled in the shop's executable jar only: the drop-in
     * session store never carries them, and neither does the WAR (a standalone Tomcat configures its own).
     */
    @Test
    void onlyTheShopsExecutableJarCarriesThePeerSessionManagers() throws IOException {
        try (JarFile shop = new JarFile(ROOT.resolve("sample-app/target/unstick-shop.jar").toFile())) {
            assertThat(shop.getEntry("org/redisson/tomcat/RedissonSessionManager.class")).as("the shop jar's Redisson").isNotNull();
        }
        for (String dropIn : List.of("session-store/target/unstick-session-store-" + VERSION + ".jar",
                "session-store/target/unstick-session-store-" + VERSION + "-all.jar")) {
            try (JarFile jar = new JarFile(ROOT.resolve(dropIn).toFile())) {
                assertThat(jar.stream().map(ZipEntry::getName)).as(dropIn)
                        .noneMatch(name -> name.startsWith("org/redisson/") || name.startsWith("io/netty/")
                                || name.startsWith("org/apache/catalina/ha/"));
            }
        }
        try (JarFile war = new JarFile(ROOT.resolve("sample-app/target/unstick-shop.war").toFile())) {
            assertThat(war.stream().map(ZipEntry::getName)).as("the WAR")
                    .noneMatch(name -> name.startsWith("WEB-INF/lib/redisson") || name.startsWith("WEB-INF/lib/netty-")
                            || name.matches("WEB-INF/classes/io/unstick/shop/peers/(PeerManagers|TribesCluster|RedissonManager).*"));
            // The configuration (UNSTICK_SESSION_MANAGER) is read in the WAR too: its types must be there, or the
            // shop does not deploy (a sealed PeerManager's permitted records are loaded with it on Java 25).
            for (String type : List.of("PeerManager", "TribesReplication", "RedisSessions")) {
                assertThat(war.getEntry("WEB-INF/classes/io/unstick/shop/peers/" + type + ".class")).as(type).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("archives")
    void carriesTheLicenceAndTheNotice(Path archive) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            assertThat(text(jar, "META-INF/LICENSE")).as("META-INF/LICENSE of %s", archive)
                    .isEqualTo(Files.readString(ROOT.resolve("LICENSE")));
            String notice = Files.readString(ROOT.resolve("NOTICE")).lines().filter(line -> !line.isBlank()).findFirst().orElseThrow();
            assertThat(text(jar, "META-INF/NOTICE")).as("META-INF/NOTICE of %s", archive)
                    .contains(notice, "Copyright 2026 The unstick authors");
        }
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void namesTheBuildsVersionInItsManifest(Path archive) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            assertThat(jar.getManifest()).as("%s has a manifest", archive).isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .as("Implementation-Version of %s", archive).isEqualTo(VERSION);
        }
    }

    @ParameterizedTest
    @MethodSource("bundling")
    void listsAndNoticesWhatItBundles(Path archive) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            String thirdParty = text(jar, "META-INF/THIRD-PARTY.txt");
            String notice = text(jar, "META-INF/NOTICE");
            for (String component : bundled(archive)) {
                assertThat(thirdParty).as("%s: META-INF/THIRD-PARTY.txt names %s", archive, component)
                        .contains(component + ":");
                String artifactId = component.substring(component.indexOf(':') + 1);
                for (ZipEntry own : jar.stream().filter(entry -> entry.getName()
                        .matches("META-INF/licenses/" + artifactId + "/META-INF/NOTICE(\\.txt|\\.md)?")).toList()) {
                    String firstLine = text(jar, own.getName()).lines().map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("//") && !line.startsWith("=")).findFirst().orElse("");
                    assertThat(notice).as("%s: META-INF/NOTICE carries %s's notice", archive, component).contains(firstLine);
                }
            }
        }
    }

    /**
     * {@code groupId:artifactId} of each third-party library merged into a jar, from the Maven metadata it carries,
     * less the libraries that one of them had already merged into itself (Hazelcast's jar holds Jackson, ClassGraph
     * and others, with their notices in its own): those are its to list.
     */
    private static List<String> bundled(Path archive) {
        try (JarFile jar = new JarFile(archive.toFile())) {
            Map<String, String> versions = new TreeMap<>();
            for (ZipEntry entry : jar.stream().toList()) {
                String[] parts = entry.getName().split("/");
                if (parts.length == 5 && parts[0].equals("META-INF") && parts[1].equals("maven")
                        && parts[4].equals("pom.properties") && !parts[2].equals("io.unstick")) {
                    Properties pom = new Properties();
                    try (InputStream in = jar.getInputStream(entry)) {
                        pom.load(in);
                    }
                    versions.put(parts[2] + ":" + parts[3], pom.getProperty("version"));
                }
            }
            Set<String> nested = new HashSet<>();
            versions.forEach((component, version) -> nested.addAll(mergedInto(component, version)));
            return versions.keySet().stream().filter(component -> !nested.contains(component)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The libraries whose Maven metadata {@code component}'s own jar (in the local repository) carries. */
    private static Set<String> mergedInto(String component, String version) {
        String[] groupAndArtifact = component.split(":");
        Path jar = Path.of(System.getProperty("unstick.maven.repository"), groupAndArtifact[0].replace('.', '/'),
                groupAndArtifact[1], version, groupAndArtifact[1] + "-" + version + ".jar");
        if (!Files.exists(jar)) {
            return Set.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties"))
                    .map(name -> name.split("/")).filter(parts -> parts.length == 5)
                    .map(parts -> parts[2] + ":" + parts[3]).filter(nested -> !nested.equals(component))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as("%s in %s", name, jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
