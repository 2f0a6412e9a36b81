package io.unstick.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Facts about the build this module runs in, from Failsafe's system properties, and a way to run Maven. */
final class Build {

    static final Path ROOT = Path.of(System.getProperty("unstick.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("unstick.version");

    private Build() {
    }

    /** {@code java} of the JVM running the tests, so that a JDK 25 build checks on JDK 25. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs this build's Maven in {@code dir} with {@code args}, with {@code localRepository} in front of this build's
     * local repository (read-only: nothing is ever installed into it; anything missing from both is downloaded into
     * {@code localRepository}, unless {@code args} has {@code -o}). Output goes to {@code log}.
     *
     * @throws AssertionError with the end of the log when Maven fails or takes longer than {@code minutes}
     */
    static void maven(Path dir, Path localRepository, Path log, int minutes, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("unstick.maven.home"), "bin", "mvn")
                .toString(), "-B", "-Dmaven.repo.local=" + localRepository,
                "-Dmaven.repo.local.tail=" + System.getProperty("unstick.maven.repository")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_ARGS");
        Process maven = builder.start();
        try {
            if (!maven.waitFor(minutes, TimeUnit.MINUTES)) {
                throw new AssertionError(String.join(" ", command) + " took longer than " + minutes + " min:\n" + tail(log));
            }
        } finally {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
        }
        if (maven.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed in " + dir + ":\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
