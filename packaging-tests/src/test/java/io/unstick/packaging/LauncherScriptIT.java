package io.unstick.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.unstick.packaging.Build.ROOT;
import static io.unstick.packaging.Build.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./unstick} script picks its JDK as the Maven Wrapper does: {@code $JAVA_HOME/bin/java} when
 * {@code JAVA_HOME} is set, else the {@code java} in {@code PATH}. A stand-in {@code java} first in {@code PATH}
 * tells the two apart.
 */
class LauncherScriptIT {

    private static final String STAND_IN = "the java in PATH ran";

    @TempDir
    Path tmp;

    @Test
    void runsOnJavaHomesJavaWhenJavaHomeIsSet() throws Exception {
        String out = unstick(System.getProperty("java.home"));

        assertThat(out).contains("unstick " + VERSION).doesNotContain(STAND_IN);
    }

    @Test
    void runsOnTheJavaInPathWithoutJavaHome() throws Exception {
        String out = unstick(null);

        assertThat(out).contains(STAND_IN + ": -jar " + ROOT.resolve("lab/target/unstick-lab.jar") + " -V");
    }

    /** {@code ./unstick -V} (never builds: the lab jar is there) with a stand-in java first in PATH. */
    private String unstick(String javaHome) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"" + STAND_IN + ": $*\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = tmp.resolve("unstick.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(ROOT.resolve("unstick").toString(), "-V"))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        if (javaHome == null) {
            builder.environment().remove("JAVA_HOME");
        } else {
            builder.environment().put("JAVA_HOME", javaHome);
        }
        Process process = builder.start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./unstick -V took longer than a minute: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
