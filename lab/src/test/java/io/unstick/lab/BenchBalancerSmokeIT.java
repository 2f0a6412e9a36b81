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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick bench balancer --smoke} as CI runs it: the packaged lab jar, real HAProxy, nginx and balancer
 * processes on free loopback ports. It checks that every proxy was measured and compared; never how fast.
 */
@RequiresTools({PeerTool.HAPROXY, PeerTool.NGINX, PeerTool.WRK, PeerTool.HEY})
class BenchBalancerSmokeIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    private static final List<String> PROXIES = List.of("no-proxy", "haproxy", "haproxy-leastconn", "nginx", "unstick-cookie",
            "unstick-least-requests");

    @TempDir
    Path work;

    @Test
    void everyProxyIsMeasuredAndComparedToHaproxy() throws IOException, InterruptedException {
        Run run = run(List.of());
        assertThat(run.measured()).containsExactlyElementsOf(PROXIES);
        assertThat(run.budget().get("proxies").get(1).get("vsHaproxy").get("maxRps").asDouble()).isEqualTo(1.0);
        assertThat(run.output()).contains("×HAProxy");
    }

    @Test
    void theCeilingFixtureIsMeasuredBesideHaproxyWhenNamed() throws IOException, InterruptedException {
        Run run = run(List.of("--proxies", "unstick-cookie,ceiling-forwarder"));
        assertThat(run.measured()).as("HAProxy is always measured; the rest as named, in table order")
                .containsExactly("haproxy", "unstick-cookie", "ceiling-forwarder");
        assertThat(run.budget().get("proxies").get(2).get("description").asText()).contains("measurement fixture");
        JsonNode ceiling = run.budget().get("proxies").get(2);
        assertThat(ceiling.get("cpuPer1kAtMax").asDouble()).as("the fixture's own process is measured").isPositive();
        assertThat(ceiling.get("max").get("errors").asLong() + ceiling.get("fixed").get("errors").asLong())
                .as("every request wrk and hey sent through the fixture got its 200").isZero();
    }

    private record Run(JsonNode budget, List<String> measured, String output) {
    }

    /** Runs the smoke bench with the extra arguments and checks what every run must hold. */
    private Run run(List<String> extra) throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        int basePort = FreePorts.consecutive(5);
        Path out = work.resolve("out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(), "--home", HOME.toString(),
                "bench", "balancer", "--smoke", "--base-port", String.valueOf(basePort),
                "--out", out.toString()));
        command.addAll(extra);
        Process bench = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bench.waitFor(4, TimeUnit.MINUTES)).as("the smoke run finishes").isTrue();
            assertThat(bench.exitValue()).as("bench balancer exits 0; it printed:\n%s", output).isZero();
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("bench-balancer.json").toFile());
        assertThat(out.resolve("bench-balancer.md")).exists();
        JsonNode budget = report.get("budgets").get(0);
        assertThat(budget.get("threads").asInt()).isEqualTo(1);
        assertThat(budget.get("fixedRate").asDouble()).isPositive();
        List<String> measured = new ArrayList<>();
        for (JsonNode proxy : budget.get("proxies")) {
            String name = proxy.get("proxy").asText();
            measured.add(name);
            assertThat(proxy.get("max").get("requestsPerSecond").asDouble()).as(name + " max req/s").isPositive();
            assertThat(proxy.get("fixed").get("requestsPerSecond").asDouble()).as(name + " fixed-rate req/s").isPositive();
            assertThat(proxy.get("vsHaproxy").get("maxRps").asDouble()).as(name + " req/s ratio").isPositive();
            assertThat(proxy.get("vsHaproxy").get("fixedP99").asDouble()).as(name + " p99 ratio").isPositive();
            boolean jvm = name.startsWith("unstick-") || name.equals("ceiling-forwarder");
            assertThat(Files.exists(out.resolve("logs").resolve(name + "-1-r1-hey-warmup.txt")))
                    .as(name + ": a discarded hey run before the measured fixed-rate one only for a JVM proxy").isEqualTo(jvm);
        }
        return new Run(budget, measured, output);
    }
}
