package io.unstick.lab.bench.balancer;

/** What one load run measured: throughput, latency percentiles and the requests that did not get a 2xx/3xx. */
public record LoadResult(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long errors) {
}
