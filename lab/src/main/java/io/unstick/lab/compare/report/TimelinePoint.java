package io.unstick.lab.compare.report;

/**
 * One second of a run, as {@code runs[].timeline[]} in report.json.
 *
 * @param t             seconds since the measurement began, at the end of this second
 * @param requests      requests sent and finished in this second
 * @param errors        of which failed (4xx, 5xx, timeout, connection failure)
 * @param lostCartItems cart units found missing in this second
 * @param resurrectedCartItems cart units found back after they had gone in this second
 * @param divergentAnswers answers counted as divergent in this second (when the shopper confirmed its session)
 * @param sessionResets sessions found replaced in this second
 * @param p50Ms         latency percentiles of this second's answers, milliseconds (0 when none)
 * @param p95Ms         95th percentile
 * @param p99Ms         99th percentile
 * @param maxMs         the longest wait of a request that ended in this second, answered or not (0 when none)
 * @param loadGeneratorCpu the load generator's CPU, share of all cores (0..1)
 * @param machineCpu    the machine's CPU, share of all cores (0..1)
 */
public record TimelinePoint(double t, long requests, long errors, long lostCartItems, long resurrectedCartItems,
                            long divergentAnswers, long sessionResets, double p50Ms, double p95Ms, double p99Ms,
                            double maxMs, double loadGeneratorCpu, double machineCpu) {
}
