package io.unstick.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick bench sessions --smoke} as CI runs it: the packaged lab jar, real stacks on free loopback ports.
 * It checks the command works and reports every mode and peer on both workloads, and skips a peer whose program is
 * missing; benchmarks are not tests, so nothing here is about speed. The bytes between nodes come from {@code ss}
 * (iproute2); the Redis peers need {@code redis-server}.
 */
@RequiresTools(PeerTool.SS)
class BenchSessionsSmokeIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    @RequiresTools(PeerTool.REDIS_SERVER)
    void reportsEveryModeAndPeerOnBothWorkloadsWithRequestsAndBytesBetweenNodes() throws IOException, InterruptedException {
        String output = bench(Map.of(), "--smoke");
        JsonNode report = new ObjectMapper().readTree(work.resolve("out/bench-sessions.json").toFile());
        List<String> measured = new ArrayList<>();
        report.path("runs").forEach(run -> measured.add(run.path("mode").asText() + "/" + run.path("workload").asText()));
        assertThat(measured).containsExactly("sticky/cart", "sticky/page", "shared/cart", "shared/page", "hybrid/cart",
                "hybrid/page", "delta/cart", "delta/page", "backup/cart", "backup/page", "redis/cart", "redis/page",
                "redis-default/cart", "redis-default/page");
        assertThat(report.path("skipped")).as("redis-server is installed: nothing skipped").isEmpty();
        JsonNode managers = report.path("managers");
        assertThat(List.of("sticky", "shared", "hybrid", "delta", "backup", "redis", "redis-default"))
                .as("the session manager each stack's nodes really ran, from their /health")
                .map(mode -> mode + " " + managers.path(mode).asText())
                .containsExactly("sticky StandardManager", "shared HazelcastSessionManager", "hybrid HazelcastSessionManager",
                        "delta DeltaManager", "backup BackupManager", "redis RedissonSessionManager",
                        "redis-default RedissonSessionManager");
        for (JsonNode run : report.path("runs")) {
            String name = run.path("mode").asText() + "/" + run.path("workload").asText();
            assertThat(run.path("requests").asLong()).as("%s: requests", name).isPositive();
            assertThat(run.path("ok").asLong()).as("%s: answered (a form post's 303 counts)", name).isPositive();
            run.path("errorsByKind").fieldNames().forEachRemaining(kind -> assertThat(kind)
                    .as("%s: a 4xx is the shoppers' script at fault (a refused CSRF token, an unknown product), never"
                            + " the load", name).doesNotStartWith("4"));
            assertThat(run.path("bytesPerRequest").isNumber()).as("%s: bytes per request", name).isTrue();
            assertThat(run.path("bytesPerRequest").asDouble()).as("%s: counted per socket, never negative", name)
                    .isNotNegative();
            assertThat(run.path("socketsOpened").isInt() && run.path("socketsClosed").isInt())
                    .as("%s: the sockets that opened and closed in the window, next to the bytes", name).isTrue();
            assertThat(run.path("maxThroughput").asDouble()).as("%s: capacity (closed loop)", name).isPositive();
            assertThat(run.path("stackCpuMs").asDouble()).as("%s: the stack's CPU per request", name).isPositive();
            assertThat(run.path("loadCpuMs").asDouble()).as("%s: the load generator's", name).isPositive();
            if (!run.path("mode").asText().equals("sticky")) {
                assertThat(run.path("clusterBytes").asLong())
                        .as("%s: its nodes talk to each other (or to Redis), and ss saw it", name).isPositive();
            }
        }
        assertThat(work.resolve("out/bench-sessions.md")).content().contains("**page** (GET /",
                "The store's share of each request");
        assertThat(output).contains("bytes/req", "capacity", "cpu ms/req", "store:cpu");
        for (String node : List.of("node1", "node2", "node3")) {
            // started together, DeltaManagers hold each other's state request and each waits out its 60 s transfer
            assertThat(work.resolve("out/logs/delta").resolve(node + ".log")).as("delta's %s started in turn", node)
                    .exists().content().doesNotContain("No session state sent");
        }
        assertThat(output).as("a 3 s warm-up leaves the JVMs compiling, and the bench says so")
                .containsPattern("sticky/cart: WARNING the JIT compilers used \\d+ % of the stack's CPU in the measured window");
    }

    /** Several rounds: the modes in order, then reversed; the report's figures are the medians, each round beside them. */
    @Test
    void roundsAlternateTheOrderAndReportMediansBesideEachRound() throws IOException, InterruptedException {
        String output = bench(Map.of(), "--smoke", "--modes", "sticky,hybrid", "--workloads", "cart", "--scale", "none",
                "--rounds", "2");
        JsonNode report = new ObjectMapper().readTree(work.resolve("out/bench-sessions.json").toFile());
        assertThat(report.path("runs").findValuesAsText("mode")).containsExactly("sticky", "hybrid");
        assertThat(report.path("rounds").get(0).path("runs").findValuesAsText("mode")).containsExactly("sticky", "hybrid");
        assertThat(report.path("rounds").get(1).path("runs").findValuesAsText("mode")).containsExactly("hybrid", "sticky");
        long requests = 0;
        for (JsonNode round : report.path("rounds")) {
            for (JsonNode run : round.path("runs")) {
                requests += run.path("mode").asText().equals("hybrid") ? run.path("requests").asLong() : 0;
            }
        }
        assertThat(report.path("runs").get(1).path("requests").asLong()).as("hybrid's requests: both rounds'")
                .isPositive().isEqualTo(requests);
        assertThat(output).contains("round 1 of 2", "round 2 of 2", "met in");
        assertThat(work.resolve("out/bench-sessions.md")).content().contains("Each of the 2 rounds", "| hybrid/cart | ");
    }

    /** Without redis-server on PATH (nor in the sbin folders) the Redis peers are reported as skipped, not crashed. */
    @Test
    void aPeerWhoseProgramIsMissingIsSkippedWithTheReason() throws IOException, InterruptedException {
        Path emptyPath = Files.createDirectories(work.resolve("empty-path"));
        String output = bench(Map.of("PATH", emptyPath.toString()), "--smoke", "--modes", "redis,redis-default",
                "--scale", "none");
        JsonNode report = new ObjectMapper().readTree(work.resolve("out/bench-sessions.json").toFile());
        assertThat(report.path("runs")).isEmpty();
        assertThat(report.path("skipped").findValuesAsText("mode")).containsExactly("redis", "redis-default");
        assertThat(report.path("skipped").findValuesAsText("reason"))
                .allMatch(reason -> reason.equals("redis-server is not installed (apt-get install redis-server)"));
        assertThat(output).contains("redis: skipped, redis-server is not installed");
        assertThat(work.resolve("out/bench-sessions.md")).content().contains("**Skipped: redis-default**");
    }

    private String bench(Map<String, String> env, String... options) throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        int basePort = FreePorts.consecutive(2 + 3 * 9 + 2);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(), "--home", HOME.toString(),
                "--runs-dir", work.toString(), "bench", "sessions", "--base-port", String.valueOf(basePort),
                "--out", work.resolve("out").toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process bench = builder.start();
        try {
            String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // seven stacks and the scale part, each seconds of load: minutes on a loaded 2-core machine
            assertThat(bench.waitFor(15, TimeUnit.MINUTES)).as("bench sessions finishes").isTrue();
            assertThat(bench.exitValue()).as("it exits 0; it printed:\n%s", output).isZero();
            return output;
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }
}
