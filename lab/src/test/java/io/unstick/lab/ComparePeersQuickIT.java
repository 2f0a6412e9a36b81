package io.unstick.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.lab.support.ReportSchema;
import io.unstick.testsupport.FreePorts;
import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.RequiresTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick compare --quick} on the peers users would pick instead — Tomcat's DeltaManager and BackupManager,
 * Redisson with a local copy and with its defaults — with node2 killed in the middle of each run, as
 * {@link CompareQuickIT} does for unstick's modes. What each peer loses is reported, not asserted, except where the
 * peer's design promises it: Redisson with its defaults reads and writes every attribute in Redis, which the kill
 * leaves alone, so a shopper moved to another node keeps its session.
 */
@RequiresTools(PeerTool.REDIS_SERVER)
class ComparePeersQuickIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    private static final List<String> PEERS = List.of("delta", "backup", "redis", "redis-default");

    @TempDir
    static Path work;

    private static String output;
    private static JsonNode report;

    @BeforeAll
    static void runTheQuickComparison() throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        int basePort = FreePorts.consecutive(2 + 3 * 9 + 1);
        Process compare = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(), "--home", HOME.toString(),
                "--runs-dir", work.toString(), "compare", "--quick", "--modes", String.join(",", PEERS), "--fault", "kill",
                "--base-port", String.valueOf(basePort), "--out", work.resolve("out").toString()))
                .redirectErrorStream(true).start();
        try {
            output = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(compare.waitFor(10, TimeUnit.MINUTES)).as("compare finishes").isTrue();
            assertThat(compare.exitValue()).as("compare exits 0; it printed:\n%s", output).isZero();
        } finally {
            compare.descendants().forEach(ProcessHandle::destroyForcibly);
            compare.destroyForcibly();
        }
        report = new ObjectMapper().readTree(work.resolve("out/report.json").toFile());
    }

    @Test
    void everyPeerRanThroughTheSameKillAndTheReportFollowsItsSchema() {
        assertThat(ReportSchema.violations(report)).as("report.json against report.schema.json").isEmpty();
        assertThat(report.path("runs").findValuesAsText("mode")).containsExactlyElementsOf(PEERS);
        assertThat(report.path("skipped")).as("redis-server is installed").isEmpty();
        for (JsonNode run : report.path("runs")) {
            String mode = run.path("mode").asText();
            assertThat(run.path("requests").asLong()).as("%s: shoppers shopped", mode).isGreaterThan(200);
            assertThat(run.path("faultEvents").get(0).path("what").asText()).isEqualTo("node2 killed (SIGKILL)");
            assertThat(run.path("faultError").isNull()).as("%s: the fault ran", mode).isTrue();
            assertThat(run.path("nodeShare").size()).isEqualTo(3);
            // What a peer loses or shows extra under the kill is what compare measures, not what this test guards:
            // redis-default once showed 2 extra units (CI, Temurin 25, 2026-12-02). The count must be there.
            assertThat(run.path("extraCartItems").isIntegralNumber()).as("%s: extra cart items counted", mode).isTrue();
        }
        assertThat(output).contains("lost cart items", "session resets", "delta", "backup", "redis-default");
    }

    @Test
    void redissonWithItsDefaultsKeepsEverySessionThroughTheKill() {
        JsonNode run = report.path("runs").get(PEERS.indexOf("redis-default"));
        assertThat(run.path("sessionResets").asLong()).as("session resets: every session lives in Redis").isZero();
        assertThat(run.path("relogins").asLong()).as("re-logins").isZero();
    }
}
