package io.unstick.lab.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.testsupport.FreePorts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick compare} as CI runs it: the packaged lab jar in its own process on free loopback ports, its
 * output captured. If it outlives its time limit, or this JVM is stopped meanwhile (a shutdown hook), it gets
 * SIGTERM first — the lab then undoes its fault itself (resumes a paused node, heals a partition) and stops its
 * stack — and SIGKILL, with everything it started, only if it is still there after {@link #GRACE}; then the
 * caller's cleanup runs (a partition test removes what a killed lab could not).
 *
 * @param output everything it printed
 * @param report its report.json
 * @param out    the folder of its report and logs
 * @param pid    its process id (what its firewall rules and cgroups are tagged with)
 */
public record CompareRun(String output, JsonNode report, Path out, long pid) {

    public static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();

    /** How long a compare told to stop may take to undo its fault and stop its stack (nodes get 15 s each). */
    static final Duration GRACE = Duration.ofSeconds(45);

    /**
     * A fresh folder for one test class's comparison under {@code target/compare-runs/}, kept after the build (not a
     * temporary folder) so a failed assertion can be traced in its report.json and every process's log.
     */
    public static Path workDir(Class<?> test) throws IOException {
        Path dir = Path.of("target", "compare-runs", test.getSimpleName()).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Runs {@code compare --base-port <free> --out <work>/out ARGS} and asserts it exits 0 within the limit. */
    public static CompareRun of(Path work, Duration limit, String... args) throws IOException, InterruptedException {
        return of(work, limit, () -> { }, args);
    }

    /**
     * The same, then {@code cleanup} in every case (also from the shutdown hook, if this JVM is stopped first),
     * after the compare process and everything it started are gone.
     */
    public static CompareRun of(Path work, Duration limit, Runnable cleanup, String... args)
            throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        Path out = work.resolve("out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(),
                "--home", HOME.toString(), "--runs-dir", work.toString(), "compare",
                "--base-port", String.valueOf(FreePorts.consecutive(2 + 3 * 9 + 2)), "--out", out.toString()));
        command.addAll(List.of(args));
        Process compare = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread hook = new Thread(() -> stopAndClean(compare, cleanup), "compare-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> read(compare.getInputStream(), output), "compare-output");
        pump.setDaemon(true);
        pump.start();
        try {
            assertThat(compare.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as("compare finishes within %s; it printed:%n%s",
                    limit, output).isTrue();
            pump.join(5_000);
            assertThat(compare.exitValue()).as("compare exits 0; it printed:%n%s", output).isZero();
        } finally {
            stopAndClean(compare, cleanup);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return new CompareRun(output.toString(), new ObjectMapper().readTree(out.resolve("report.json").toFile()), out,
                compare.pid());
    }

    public JsonNode run(String mode) {
        for (JsonNode run : report.path("runs")) {
            if (run.path("mode").asText().equals(mode)) {
                return run;
            }
        }
        throw new AssertionError("no run for " + mode + " in the report");
    }

    /** SIGTERM (the lab undoes its fault and stops its stack), SIGKILL to whatever is left after the grace, cleanup. */
    private static void stopAndClean(Process compare, Runnable cleanup) {
        try {
            if (compare.isAlive()) {
                List<ProcessHandle> started = compare.descendants().toList();
                compare.destroy();
                if (!compare.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    compare.destroyForcibly();
                }
                started.forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle process : started) {
                    process.onExit().get(10, TimeUnit.SECONDS); // a cgroup can be removed only once it is empty
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            // a process that does not go away in time: the cleanup says what it had to leave
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            compare.descendants().forEach(ProcessHandle::destroyForcibly);
            compare.destroyForcibly();
        } finally {
            cleanup.run();
        }
    }

    private static void read(InputStream in, StringBuffer output) {
        try {
            output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            output.append("(output lost: ").append(e.getMessage()).append(')');
        }
    }
}
