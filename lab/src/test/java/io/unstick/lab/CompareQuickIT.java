package io.unstick.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unstick.lab.support.Chromium;
import io.unstick.lab.support.FreePorts;
import io.unstick.lab.support.ReportSchema;
import org.junit.jupiter.api.BeforeAll;
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
 * {@code ./unstick compare --quick} as CI runs it: the packaged lab jar, real stacks on free loopback ports, a
 * node killed in the middle of each mode's run. What the report says must be what affinity and shared state do.
 */
class CompareQuickIT {

    private static final Path HOME = Path.of(System.getProperty("unstick.home", "..")).toAbsolutePath().normalize();
    /** The modes the shop can run in this build. */
    private static final List<String> MODES = List.of("sticky", "shared", "hybrid");

    @TempDir
    static Path work;

    private static String output;
    private static JsonNode report;

    @BeforeAll
    static void runTheQuickComparison() throws IOException, InterruptedException {
        assertThat(HOME.resolve("lab/target/unstick-lab.jar")).as("run the ITs through Maven: the jars are built first").exists();
        int basePort = FreePorts.consecutive(2 + 3 * 9 + 2);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HOME.resolve("lab/target/unstick-lab.jar").toString(),
                "--home", HOME.toString(), "--runs-dir", work.toString(),
                "compare", "--quick", "--modes", String.join(",", MODES), "--fault", "kill",
                "--base-port", String.valueOf(basePort), "--out", work.resolve("out").toString()));
        Process compare = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            output = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(compare.waitFor(6, TimeUnit.MINUTES)).as("compare finishes").isTrue();
            assertThat(compare.exitValue()).as("compare exits 0; it printed:\n%s", output).isZero();
        } finally {
            compare.descendants().forEach(ProcessHandle::destroyForcibly);
            compare.destroyForcibly();
        }
        report = new ObjectMapper().readTree(work.resolve("out/report.json").toFile());
    }

    @Test
    void theReportFollowsItsSchemaAndHasARunPerMode() {
        assertThat(ReportSchema.violations(report)).as("report.json against report.schema.json").isEmpty();
        assertThat(report.path("runs").findValuesAsText("mode")).containsExactlyElementsOf(MODES);
        for (JsonNode run : report.path("runs")) {
            assertThat(run.path("requests").asLong()).as("%s: shoppers shopped", run.path("mode")).isGreaterThan(200);
            assertThat(run.path("faultEvents").get(0).path("what").asText()).isEqualTo("node2 killed (SIGKILL)");
            assertThat(run.path("faultError").isNull()).isTrue();
            assertThat(run.path("nodeShare").size()).isEqualTo(3);
        }
    }

    @Test
    void stickyLosesCartsAndSessionsWhenANodeIsKilled() {
        JsonNode sticky = run("sticky");
        assertThat(sticky.path("lostCartItems").asLong()).as("lost cart items").isPositive();
        assertThat(sticky.path("sessionResets").asLong()).as("session resets seen by shoppers").isPositive();
        assertThat(sticky.path("recoverySeconds").asDouble()).isPositive();
        assertThat(sticky.path("extraCartItems").asLong()).as("nothing appears that was not put in").isZero();
        double killedShare = sticky.path("nodeShare").path("node2").asDouble();
        assertThat(killedShare).as("the killed node served less than the others")
                .isLessThan(sticky.path("nodeShare").path("node1").asDouble())
                .isLessThan(sticky.path("nodeShare").path("node3").asDouble());
    }

    @Test
    void sharedStateModesLoseNothing() {
        for (String mode : List.of("shared", "hybrid")) {
            JsonNode run = run(mode);
            assertThat(run.path("lostCartItems").asLong()).as("%s lost cart items", mode).isZero();
            assertThat(run.path("sessionResets").asLong()).as("%s session resets", mode).isZero();
            assertThat(run.path("relogins").asLong()).as("%s re-logins", mode).isZero();
        }
    }

    @Test
    void theBalancersResetCounterAgreesWithTheShoppers() {
        for (JsonNode run : report.path("runs")) {
            long shoppers = run.path("sessionResets").asLong() + run.path("sessionIdChangesByLogin").asLong();
            long balancer = run.path("balancerSessionResets").asLong();
            assertThat(balancer).as("%s: the balancer's count vs resets + login id changes seen by the shoppers", run.path("mode"))
                    .isBetween(shoppers - Math.max(2, shoppers / 20), shoppers + Math.max(2, shoppers / 20));
        }
    }

    @Test
    void theTableAndVerdictArePrinted() {
        assertThat(output).contains("lost cart items", "session resets", "node share CV", "recovery (s)");
        assertThat(report.path("verdict").get(0).asText()).startsWith("When a node was killed (SIGKILL) mid-run");
        assertThat(output).contains("- " + report.path("verdict").get(0).asText());
    }

    @Test
    void theHtmlReportIsSelfContainedAndRendersInChromium() throws IOException, InterruptedException {
        Path html = work.resolve("out/report.html");
        String page = Files.readString(html);
        assertThat(page).as("no script, stylesheet or image fetched from anywhere")
                .doesNotContain("<script", "<link", "<img", "url(");
        assertThat(page).contains("<svg", report.path("verdict").get(0).asText().replace("'", "&#39;"));
        Path png = Chromium.screenshot(html, work);
        assertThat(Chromium.distinctColours(png)).as("the screenshot shows charts and text, not a blank page").isGreaterThan(50);
    }

    private static JsonNode run(String mode) {
        for (JsonNode run : report.path("runs")) {
            if (run.path("mode").asText().equals(mode)) {
                return run;
            }
        }
        throw new AssertionError("no run for " + mode + " in the report");
    }
}
