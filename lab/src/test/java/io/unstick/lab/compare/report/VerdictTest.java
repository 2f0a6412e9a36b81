package io.unstick.lab.compare.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.unstick.lab.compare.report.Reports.machine;
import static io.unstick.lab.compare.report.Reports.run;
import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void namesWhatEachModeLostAndWhatItCost() {
        List<String> verdict = Verdict.of(List.of(run("sticky", 212, 61, 6.2, 0.31), run("shared", 0, 0, 9.1, 0.04),
                run("hybrid", 0, 0, 6.5, 0.29)), machine(false));
        assertThat(verdict.get(0)).isEqualTo("When a node was killed (SIGKILL) mid-run, sticky lost 212 cart items and"
                + " 61 sessions (30 shoppers had to log in again); shared and hybrid lost nothing.");
        assertThat(verdict.get(1)).startsWith("p95 latency: sticky was fastest at 6.2 ms; shared 9.1 ms (+2.9 ms")
                .doesNotContain("hybrid").endsWith("store on each request.");
        assertThat(verdict.get(2)).startsWith("Requests spread least evenly in sticky and most evenly in shared");
        assertThat(verdict).anySatisfy(line -> assertThat(line).isEqualTo("Bottom line: on this machine hybrid kept every"
                + " cart and session through the fault, at +0.3 ms p95 over sticky, which lost 212 items."));
    }

    @Test
    void claimsNoDifferenceTheNumbersDoNotShow() {
        List<String> verdict = Verdict.of(List.of(run("sticky", 0, 0, 5.0, 0.10), run("shared", 0, 0, 5.3, 0.12)), machine(false));
        assertThat(verdict.get(0)).isEqualTo("When a node was killed (SIGKILL) mid-run, no mode lost a cart item or a session"
                + " (sticky and shared).");
        assertThat(verdict.get(1)).startsWith("Latency was about the same in every mode");
        assertThat(verdict.get(2)).startsWith("Requests spread about as evenly");
        assertThat(verdict).noneMatch(line -> line.startsWith("Bottom line"));
    }

    @Test
    void saysWhenItemsWentMissingWhileEverySessionSurvived() {
        assertThat(Verdict.of(List.of(run("shared", 6, 0, 5, 0.1), run("hybrid", 0, 0, 5, 0.1)), machine(false)).get(0))
                .isEqualTo("When a node was killed (SIGKILL) mid-run, shared lost 6 cart items without losing a session;"
                        + " hybrid lost nothing.");
    }

    @Test
    void warnsWhenTheLoadGeneratorWasTheBottleneck() {
        assertThat(Verdict.of(List.of(run("sticky", 1, 1, 5, 0.1)), machine(true)))
                .last().asString().startsWith("Caution: the generator competed");
    }
}
