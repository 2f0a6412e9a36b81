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
    void theSchemaRefusesAReportThatBreaksTheContract() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.valueToTree(Reports.report(List.of(run("sticky", 1, 1, 5, 0.1))));
        ((ObjectNode) json.path("runs").get(0)).remove("lostCartItems");
        ((ObjectNode) json.path("runs").get(0)).put("mode", "round-robin");
        ((ObjectNode) json.path("runs").get(0).path("nodeShare")).put("node4", 1.5);
        assertThat(ReportSchema.violations(json)).hasSize(3);
    }

    @Test
    void escapesWhatItWritesIntoThePage() {
        RunResult run = run("sticky", 1, 1, 5, 0.1);
        RunResult odd = new RunResult(run.mode(), run.fault(), run.nodes(), run.shoppers(), run.durationS(), run.requests(),
                run.errors(), run.lostCartItems(), run.sessionResets(), run.relogins(), run.throughputRps(), run.latencyMs(),
                run.nodeShare(), run.nodeShareCv(), run.recoverySeconds(), run.errorsByStatus(), 0, 1, 1, 1, 1, 0.1, 1.0,
                List.of(new FaultEvent(1, "<script>alert(1)</script>")), null, run.loadGeneratorCpu(), run.timeline());
        assertThat(new HtmlReport().render(Reports.report(List.of(odd)))).doesNotContain("<script>")
                .contains("&lt;script&gt;");
    }
}
