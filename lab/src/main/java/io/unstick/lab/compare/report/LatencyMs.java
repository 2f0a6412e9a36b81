package io.unstick.lab.compare.report;

/**
 * Latency of a run in milliseconds: percentiles of every answered request, and the longest any request waited,
 * answered or not (a request that timed out counts its whole wait): {@code {"p50":2.1,"p95":6.8,"p99":15.2,"max":5000.4}}.
 */
public record LatencyMs(double p50, double p95, double p99, double max) {
}
