package io.unstick.lab.compare.report;

/** Latency percentiles of every answered request of a run, in milliseconds: {@code {"p50":2.1,"p95":6.8,"p99":15.2}}. */
public record LatencyMs(double p50, double p95, double p99) {
}
