package io.unstick.lab.compare.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unstick.lab.support.ReportSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.unstick.lab.compare.report.Reports.run;
import static org.assertj.core.api.Assertions.assertThat;

class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAReportThatFollowsTheSchemaAndAPageWithTheSameNumbers() throws Exception {
        Report report = Reports.report(List.of(run("sticky", 17, 4, 20.7, 0.33), run("hybrid", 0, 0, 22.0, 0.3)));
        JsonNode json = new ObjectMapper().readTree(new ReportFiles().write(report, dir).toFile());
        assertThat(ReportSchema.violations(json)).isEmpty();
        assertThat(json.path("runs").get(0).path("latencyMs").path("p95").asDouble()).isEqualTo(20.7);
        assertThat(json.path("runs").get(0).path("nodeShare").path("node2").asDouble()).isEqualTo(0.2);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain("{{").contains("<svg", "sticky vs hybrid", "8.0 s: node2 killed (SIGKILL)", ">17<");
    }

    @Test
    void showsTheFaultWindowErrorsByKindAndWhatWentBackOrDivergedPerMode() throws Exception {
        Report report = Reports.report(List.of(
                run("sticky", "partition", 0, 0, 0, 0, 4.0, 0.3, Map.of()),
                Reports.withLostLogins(run("shared", "partition", 17, 5, 3, 2, 90.0, 0.1,
                        Map.of("timeout", 2L, "504", 1L, "503", 4L, "io", 1L)), 1, 2)));
        JsonNode json = new ObjectMapper().readTree(new ReportFiles().write(report, dir).toFile());
        assertThat(ReportSchema.violations(json)).isEmpty();
        JsonNode shared = json.path("runs").get(1);
        assertThat(shared.path("resurrectedCartItems").asLong()).isEqualTo(5);
        assertThat(shared.path("divergentAnswers").asLong()).isEqualTo(3);
        assertThat(shared.path("faultEndS").asDouble()).isEqualTo(9.5);
        assertThat(shared.path("sessionsLostWithLoginAnswer").asLong()).isEqualTo(1);
        assertThat(shared.path("cartItemsLostWithLoginAnswer").asLong()).isEqualTo(2);
        assertThat(shared.path("latencyMs").path("max").asDouble()).isEqualTo(900.0);
        assertThat(json.path("settings").path("faultForS").asDouble()).isEqualTo(10.0);

        String table = SummaryTable.render(report.runs());
        assertThat(table).contains("fault window (s)", "8.0-9.5", "latency max (ms)", "resurrected cart items",
                "divergent answers");
        assertThat(table).containsPattern("lost with a login's answer +0 \\(0 items\\) +1 \\(2 items\\)");
        assertThat(table.lines().map(String::trim).filter(line -> line.matches("(\\d{3}|timeout|io) .*"))
                .map(line -> line.split("\\s+")[0]).toList())
                .as("errors by kind: statuses in order, then the others").containsExactly("503", "504", "io", "timeout");
        assertThat(table).containsPattern("503 +0 +4");

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("fault: partition for 10 s", "<td>divergent answers</td><td>0</td><td>3</td>",
                "<td>timeout</td><td>0</td><td>2</td>", "fill-opacity='0.08'", "Longest wait per second",
                "<td>0 (0 items)</td><td>1 (2 items)</td>", "lost w/ login");
        assertThat(report.verdict()).anySatisfy(line -> assertThat(line).startsWith("Logins whose answer was lost")
                .endsWith("shared 1 session (2 cart items)."));
        assertThat(report.verdict()).anySatisfy(line -> assertThat(line).startsWith("Carts contradicted")
                .contains("shared 3 divergent answers and 5 resurrected items").endsWith("none in sticky."));
    }

    @Test
    void theSchemaRefusesAReportThatBreaksTheContract() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.valueToTree(Reports.report(List.of(run("sticky", 1, 1, 5, 0.1))));
        ((ObjectNode) json.path("runs").get(0)).remove("lostCartItems");
        ((ObjectNode) json.path("runs").get(0)).put("mode", "round-robin");
        ((ObjectNode) json.path("runs").get(0).path("nodeShare")).put("node4", 1.5);
        ((ObjectNode) json.path("runs").get(0)).put("cartItemsLostWithLoginAnswer", -1);
        assertThat(ReportSchema.violations(json)).hasSize(4);
    }

    @Test
    void escapesWhatItWritesIntoThePage() {
        RunResult run = run("sticky", 1, 1, 5, 0.1);
        RunResult odd = new RunResult(run.mode(), run.fault(), run.nodes(), run.shoppers(), run.durationS(), run.requests(),
                run.errors(), run.lostCartItems(), 0, 0, run.sessionResets(), run.relogins(), run.throughputRps(),
                run.latencyMs(), run.nodeShare(), run.nodeShareCv(), run.recoverySeconds(), run.errorsByStatus(), 0, 1, 1,
                1, 1, 0, 0, 0.1, 1.0, 2.0, List.of(new FaultEvent(1, "<script>alert(1)</script>")), null, null, run.loadGeneratorCpu(),
                run.timeline());
        assertThat(new HtmlReport().render(Reports.report(List.of(odd)))).doesNotContain("<script>")
                .contains("&lt;script&gt;");
    }
}
