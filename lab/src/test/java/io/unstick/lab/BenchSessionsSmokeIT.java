package io.unstick.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.lab.support.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick bench sessions --smoke} as CI runs it: the packaged lab jar, real stacks on free loopback ports.
 * It checks the command works and reports every mode; benchmarks are not tests, so nothing here is about speed.
 * The bytes between nodes come from {@code ss} (iproute2).
 */
@RequiresTools(PeerTool.SS)
class BenchSessionsSmokeIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void reportsEveryModeWithRequestsAndBytesBetweenNodes() throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        int basePort = FreePorts.consecutive(2 + 3 * 9 + 2);
        Process bench = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(), "--home", HOME.toString(),
                "--runs-dir", work.toString(), "bench", "sessions", "--smoke", "--base-port", String.valueOf(basePort),
                "--out", work.resolve("out").toString())).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bench.waitFor(6, TimeUnit.MINUTES)).as("bench sessions --smoke finishes").isTrue();
            assertThat(bench.exitValue()).as("it exits 0; it printed:\n%s", output).isZero();
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
        JsonNode report = new ObjectMapper().readTree(work.resolve("out/bench-sessions.json").toFile());
        assertThat(report.path("runs").findValuesAsText("mode")).containsExactly("sticky", "shared", "hybrid", "delta");
        for (JsonNode run : report.path("runs")) {
            assertThat(run.path("requests").asLong()).as("%s: requests", run.path("mode")).isPositive();
            assertThat(run.path("bytesPerRequest").isNumber()).as("%s: bytes per request", run.path("mode")).isTrue();
            assertThat(run.path("maxThroughput").asDouble()).as("%s: capacity (closed loop)", run.path("mode")).isPositive();
            assertThat(run.path("stackCpuMs").asDouble()).as("%s: the stack's CPU per request", run.path("mode")).isPositive();
            assertThat(run.path("loadCpuMs").asDouble()).as("%s: the load generator's", run.path("mode")).isPositive();
        }
        for (JsonNode run : report.path("runs")) {
            if (!run.path("mode").asText().equals("sticky")) {
                assertThat(run.path("clusterBytes").asLong()).as("%s: its nodes talk to each other, and ss saw it",
                        run.path("mode")).isPositive();
            }
        }
        assertThat(work.resolve("out/bench-sessions.md")).exists();
        assertThat(output).contains("bytes/req", "capacity", "cpu ms/req");
    }
}
