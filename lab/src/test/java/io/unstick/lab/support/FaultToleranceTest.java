package io.unstick.lab.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The "Done when" check on written reports: it passes a clean run and fails each way a run can break it. */
class FaultToleranceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCleanRunWithinTheTimeoutsPasses() throws Exception {
        CompareRun run = compare(0, 0, 0, 4999.0, "2000", 0);
        FaultTolerance.assertNoRequestWaitedTooLong(run, "shared");
        FaultTolerance.assertNothingLost(run, "shared");
        assertThat(FaultTolerance.slowestAllowedMs(run.report(), run.run("shared"))).isEqualTo(5000.0);
    }

    @ParameterizedTest(name = "lost {0}, resurrected {1}, divergent {2}, max {3} ms, storeTimeoutMs {4}, timeouts {5}")
    @CsvSource({
            "1, 0, 0, 100, 2000, 0, lost cart items",
            "0, 1, 0, 100, 2000, 0, resurrected cart items",
            "0, 0, 1, 100, 2000, 0, divergent answers",
            "0, 0, 0, 5001, 2000, 0, the slowest request",
            "0, 0, 0, 100, 2000, 1, requests the shoppers gave up on",
            "0, 0, 0, 100, null, 0, the nodes report storeTimeoutMs",
            "0, 0, 0, 100, 8000, 0, the shoppers wait longer than a request may take"})
    void eachBreachFailsNamingIt(long lost, long resurrected, long divergent, double max, String storeTimeout, long timeouts,
                                 String named) throws Exception {
        CompareRun run = compare(lost, resurrected, divergent, max, storeTimeout, timeouts);
        assertThatThrownBy(() -> {
            FaultTolerance.assertNoRequestWaitedTooLong(run, "shared");
            FaultTolerance.assertNothingLost(run, "shared");
        }).hasMessageContaining(named);
    }

    @Test
    void aLossNamesTheShoppersHistoryThatShowsIt(@TempDir Path out) throws Exception {
        Path log = Files.createDirectories(out.resolve("logs/shared")).resolve("shoppers.log");
        Files.writeString(log, """
                01:13:49.000 shopper 3 session 04448656 POST /api/login {username=s3v3} → 503 node1 2019 ms: failed
                01:13:49.100 shopper 3 session 04448656 GET /api/cart → 200 node3 9 ms: session reset: a new session 9A0B
                """);
        CompareRun run = new CompareRun("", compare(5, 0, 0, 100, "2000", 0).report(), out, 1);

        assertThatThrownBy(() -> FaultTolerance.assertNothingLost(run, "shared"))
                .hasMessageContaining("lost cart items")
                .hasMessageContaining("POST /api/login {username=s3v3} → 503 node1")
                .hasMessageContaining("session reset: a new session 9A0B");
    }

    private static CompareRun compare(long lost, long resurrected, long divergent, double max, String storeTimeout,
                                      long timeouts) throws Exception {
        JsonNode report = JSON.readTree("""
                {"settings":{"requestTimeoutMs":10000,"balancerBackendTimeoutMs":3000},
                 "runs":[{"mode":"shared","lostCartItems":%d,"resurrectedCartItems":%d,"divergentAnswers":%d,
                          "latencyMs":{"max":%s},"storeTimeoutMs":%s,"errorsByStatus":{"503":4,"timeout":%d}}]}
                """.formatted(lost, resurrected, divergent, max, storeTimeout, timeouts));
        return new CompareRun("", report, Path.of("out"), 1);
    }
}
