package io.unstick.lab.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "Done when" of issue 13 for one run of a shared-state mode, read from report.json: no cart item lost or
 * resurrected, no divergent answer, and no request slower than the session store's timeout plus one balancer
 * attempt — both taken from the run itself (the nodes' {@code storeTimeoutMs}, the balancer's backend timeout the
 * lab set), never from constants here.
 */
public final class FaultTolerance {

    private FaultTolerance() {
    }

    /** The longest a request may take in this run: the store's timeout plus one balancer attempt. */
    public static double slowestAllowedMs(JsonNode report, JsonNode run) {
        return run.path("storeTimeoutMs").asDouble() + report.path("settings").path("balancerBackendTimeoutMs").asDouble();
    }

    /**
     * No request slower than the store's timeout plus one balancer attempt, none given up on by its shopper, with the
     * run's own settings (all failures reported together).
     */
    public static void assertNoRequestWaitedTooLong(CompareRun compare, String mode) {
        JsonNode report = compare.report();
        JsonNode run = compare.run(mode);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(run.path("storeTimeoutMs").canConvertToLong()).as("%s: the nodes report storeTimeoutMs", mode)
                .isTrue();
        double allowed = slowestAllowedMs(report, run);
        softly.assertThat(report.path("settings").path("requestTimeoutMs").asDouble())
                .as("%s: the shoppers wait longer than a request may take, so a hang shows as one", mode)
                .isGreaterThan(allowed);
        softly.assertThat(run.path("latencyMs").path("max").asDouble())
                .as("%s: the slowest request (ms), at most storeTimeoutMs %s + the balancer's backend timeout %s%s", mode,
                        run.path("storeTimeoutMs"), report.path("settings").path("balancerBackendTimeoutMs"),
                        trace(compare, mode))
                .isLessThanOrEqualTo(allowed);
        softly.assertThat(run.path("errorsByStatus").path("timeout").asLong())
                .as("%s: requests the shoppers gave up on%s", mode, trace(compare, mode)).isZero();
        softly.assertAll();
    }

    /**
     * No cart item lost or resurrected, no divergent answer (all failures reported together, followed once by the
     * history of each shopper that saw a finding: CI does not keep the run's folder).
     */
    public static void assertNothingLost(CompareRun compare, String mode) {
        JsonNode run = compare.run(mode);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(run.path("lostCartItems").asLong()).as("%s: lost cart items%s", mode, trace(compare, mode)).isZero();
        softly.assertThat(run.path("resurrectedCartItems").asLong()).as("%s: resurrected cart items%s", mode,
                trace(compare, mode)).isZero();
        softly.assertThat(run.path("divergentAnswers").asLong()).as("%s: divergent answers%s", mode, trace(compare, mode))
                .isZero();
        try {
            softly.assertAll();
        } catch (AssertionError failed) {
            throw new AssertionError(failed.getMessage() + history(shoppersLog(compare, mode)), failed);
        }
    }

    private static String trace(CompareRun compare, String mode) {
        return "; every request is in " + shoppersLog(compare, mode);
    }

    private static Path shoppersLog(CompareRun compare, String mode) {
        return compare.out().resolve("logs").resolve(mode).resolve("shoppers.log");
    }

    /** What the shoppers' log shows of each finding, or why it cannot be read. */
    private static String history(Path log) {
        try {
            String history = ShopperHistory.of(Files.readAllLines(log, StandardCharsets.UTF_8));
            return history.isEmpty() ? "" : "%nwhat the shoppers saw:%n".formatted() + history;
        } catch (IOException e) {
            return "%n(the shoppers' log is unreadable: %s)".formatted(e);
        }
    }
}
