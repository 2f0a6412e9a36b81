package io.unstick.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.unstick.lab.support.CompareRun;
import io.unstick.lab.support.FaultTolerance;
import io.unstick.lab.support.ReportSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./unstick compare --quick --fault freeze} as CI runs it, for the modes with a cluster: node2 is paused
 * (SIGSTOP) for 8 s while the shoppers shop, then resumed. The instrument: the pause, its window in the report, the
 * resume. The store: issue 13's "Done when" (see {@link FaultTolerance}).
 */
class CompareFreezeIT {

    private static final List<String> MODES = List.of("shared", "hybrid");

    private static CompareRun compare;

    @BeforeAll
    static void runTheQuickFreeze() throws IOException, InterruptedException {
        compare = CompareRun.of(CompareRun.workDir(CompareFreezeIT.class), Duration.ofMinutes(5), "--quick", "--modes", String.join(",", MODES),
                "--fault", "freeze", "--request-timeout", "10s");
    }

    /** Issue 13's "Done when", part one: a paused member costs the shoppers fast refusals, never a long wait. */
    @Test
    void noRequestWaitsLongerThanTheStoreTimeoutPlusOneBalancerAttempt() {
        for (String mode : MODES) {
            FaultTolerance.assertNoRequestWaitedTooLong(compare, mode);
        }
    }

    /** Issue 13's "Done when", part two: nothing acknowledged is lost, nothing removed comes back, no answer diverges. */
    @Test
    void noCartItemIsLostOrResurrectedAndNoAnswerDiverges() {
        for (String mode : MODES) {
            FaultTolerance.assertNothingLost(compare, mode);
        }
    }

    @Test
    void eachRunPausedNode2ForTheStatedTimeAndResumedIt() {
        assertThat(ReportSchema.violations(compare.report())).isEmpty();
        assertThat(compare.report().path("settings").path("faultForS").asDouble()).isEqualTo(8.0);
        for (String mode : MODES) {
            JsonNode run = compare.run(mode);
            assertThat(run.path("faultError").isNull()).as("%s: %s", mode, run.path("faultError")).isTrue();
            assertThat(run.path("faultEvents").findValuesAsText("what"))
                    .containsExactly("node2 paused (SIGSTOP) for 8 s", "node2 resumed (SIGCONT)");
            double window = run.path("faultEndS").asDouble() - run.path("faultAtS").asDouble();
            assertThat(window).as("%s: the fault window (spawning kill twice on a busy machine takes time)", mode).isBetween(8.0, 14.0);
            assertThat(run.path("requests").asLong()).as("%s: shoppers shopped", mode).isGreaterThan(200);
        }
        assertThat(compare.output()).contains("fault window (s)", "latency max (ms)", "divergent answers");
    }
}
