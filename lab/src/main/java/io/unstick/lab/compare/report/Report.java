package io.unstick.lab.compare.report;

import io.unstick.lab.stack.SkippedVariant;

import java.util.List;

/**
 * {@code report.json}: the contract of {@code ./unstick compare}. Its JSON Schema ships in the lab jar as
 * {@code /io/unstick/lab/compare/report.schema.json}.
 *
 * <pre>
 * {"runs":[{"mode":"sticky","fault":"kill",...},{"mode":"shared",...},{"mode":"backup",...}],
 *  "skipped":[{"mode":"redis","reason":"redis-server is not installed (apt-get install redis-server)"}],
 *  "machine":{"cores":2,...,"loadGeneratorBottleneck":false},
 *  "seed":42,
 *  "settings":{...}, "verdict":["...","..."], "generatedAt":"2025-06-01T10:00:00Z"}
 * </pre>
 *
 * @param runs        one per mode or peer, in the order they ran
 * @param skipped     the modes asked for that this machine could not run, with the reason
 * @param machine     where it ran, and the load generator's CPU
 * @param seed        the shoppers' seed: the same seed gives the same scripts
 * @param settings    what was asked
 * @param verdict     plain-language sentences derived from the runs
 * @param generatedAt ISO-8601 instant
 */
public record Report(List<RunResult> runs, List<SkippedVariant> skipped, Machine machine, long seed, Settings settings, List<String> verdict,
                     String generatedAt) {

    /**
     * The options of the comparison, as given or defaulted.
     *
     * @param faultForS                how long a partition or a freeze lasted ({@code --fault-for}); {@code null}
     *                                 for other faults
     * @param requestTimeoutMs         a shopper's request without an answer after this is a {@code timeout}
     * @param balancerBackendTimeoutMs the balancer's {@code UNSTICK_BACKEND_TIMEOUT}: a node that has not answered
     *                                 by then (a paused one) costs the client a 504, not a longer wait
     */
    public record Settings(List<String> modes, String fault, Double faultForS, int nodes, int shoppers,
                           double durationS, double warmupS, double thinkMs, double skew, boolean quick,
                           long requestTimeoutMs, long balancerBackendTimeoutMs) {
    }
}
