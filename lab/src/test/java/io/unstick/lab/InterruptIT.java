package io.unstick.lab;

import io.unstick.lab.stack.Ports;
import io.unstick.lab.support.UpProcess;
import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C at the awkward moments: while {@code up} is still starting its nodes, and while {@code bench sessions} has a
 * stack under load. Either way the command must exit and take every process it started with it, so that the ports are
 * free for the next run (a JVM's exit alone leaves its child processes running).
 */
class InterruptIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    private static final Duration EXIT = Duration.ofMinutes(1);

    @TempDir
    Path runs;

    @Test
    void upInterruptedWhileItsNodesStartLeavesNoProcessAndNoPortBehind() throws Exception {
        requireJar();
        int nodes = 2;
        List<ProcessHandle> started = new ArrayList<>();
        try (UpProcess up = UpProcess.start(HOME, runs, "shared", nodes)) {
            ProcessHandle lab = ProcessHandle.of(up.pid()).orElseThrow();
            started.addAll(awaitChildren(lab, 1));
            assertThat(up.output()).as("still starting").doesNotContain("unstick is up");

            assertThat(up.interruptAndWait(EXIT)).as("up exits on SIGINT:\n" + up.output()).isTrue();
            assertGone(started, up.port, 2 + 3 * nodes);
        } finally {
            started.forEach(ProcessHandle::destroyForcibly); // once the lab is gone they are nobody's descendants
        }
    }

    @Test
    @RequiresTools(PeerTool.SS)
    void benchSessionsInterruptedUnderLoadLeavesNoProcessAndNoPortBehind() throws Exception {
        requireJar();
        int basePort = FreePorts.consecutive(2 + 3 * 9 + 2);
        Process bench = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(), "--home", HOME.toString(),
                "--runs-dir", runs.toString(), "bench", "sessions", "--smoke", "--modes", "sticky", "--scale", "none",
                "--warmup", "5m", "--base-port", String.valueOf(basePort), "--out", runs.resolve("out").toString()))
                .redirectErrorStream(true).start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            StringBuilder printed = new StringBuilder();
            BufferedReader output = new BufferedReader(new InputStreamReader(bench.getInputStream(), StandardCharsets.UTF_8));
            for (String line; !printed.toString().contains("sticky/cart: "); printed.append(line).append('\n')) {
                line = output.readLine();
                assertThat(line).as("bench sessions puts a stack under load; it printed:\n%s", printed).isNotNull();
            }
            started.addAll(bench.descendants().filter(ProcessHandle::isAlive).toList());
            assertThat(started).as("three nodes and the balancer").hasSizeGreaterThanOrEqualTo(4);

            new ProcessBuilder("sh", "-c", "kill -INT " + bench.pid()).start().waitFor(); // Ctrl-C
            assertThat(bench.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)).as("bench exits on SIGINT").isTrue();
            assertGone(started, basePort, 2 + 3 * 9);
        } finally {
            bench.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void requireJar() {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
    }

    /** The first processes the lab starts, as soon as there are {@code count} of them. */
    private static List<ProcessHandle> awaitChildren(ProcessHandle lab, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(EXIT);
        while (true) {
            List<ProcessHandle> children = lab.descendants().filter(ProcessHandle::isAlive).toList();
            if (children.size() >= count) {
                return children;
            }
            assertThat(lab.isAlive()).as("the lab is still running").isTrue();
            assertThat(Instant.now()).as("the lab starts a node").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** Each process has exited and nothing listens on the command's ports (a node stops within its grace period). */
    private static void assertGone(List<ProcessHandle> started, int firstPort, int ports) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (ProcessHandle process : started) {
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(process.isAlive()).as("process %d (%s) outlived the command", process.pid(),
                    process.info().commandLine().orElse("?")).isFalse();
        }
        for (int port = firstPort; port < firstPort + ports; port++) {
            assertThat(Ports.isFree(port)).as("port %d is free again", port).isTrue();
        }
    }
}
