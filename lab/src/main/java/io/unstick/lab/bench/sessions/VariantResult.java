package io.unstick.lab.bench.sessions;

import java.util.Map;

/**
 * One variant's measured window of one workload.
 *
 * @param mode              the variant's label
 * @param workload          {@code cart} or {@code page}
 * @param targetRate        requests/s asked for
 * @param requests          requests due in the window
 * @param ok                answered 2xx/3xx
 * @param errors            the rest
 * @param errorsByKind      an HTTP status, {@code timeout}, {@code io}, {@code unfinished}
 * @param throughput        ok answers per second of the window
 * @param p50Ms             median latency, from when each request was due
 * @param p99Ms             99th percentile
 * @param p999Ms            99.9th percentile
 * @param maxMs             the slowest
 * @param ownDelayP99Ms     the load generator's own part of the latencies, 99th percentile: how long after each
 *                          request was due the sending thread took it up (a park that overslept, a pause); on a small
 *                          or shared machine it is milliseconds, for every mode alike
 * @param clusterBytes      bytes sent between nodes (or between the nodes and Redis) during the window; 0 for sticky
 * @param bytesPerRequest   {@code clusterBytes / requests}
 * @param socketsOpened     member (or Redis) sockets that opened during the window: counted from their first byte
 * @param socketsClosed     those that closed during it: each may miss what it sent in its last second
 * @param maxThroughput     capacity: ok answers per second of the closed-loop window; {@code NaN} when skipped
 * @param maxErrors         failures in the closed-loop window
 * @param stackCpuMs        CPU milliseconds (user + system) the nodes, the balancer and (Redis peer) the
 *                          redis-server spent per request of the closed-loop window; {@code NaN} when skipped
 * @param loadCpuMs         the same for the load generator, which shares the machine
 */
public record VariantResult(String mode, String workload, double targetRate, long requests, long ok, long errors,
                            Map<String, Long> errorsByKind, double throughput, double p50Ms, double p99Ms,
                            double p999Ms, double maxMs, double ownDelayP99Ms, long clusterBytes,
                            double bytesPerRequest, int socketsOpened, int socketsClosed,
                            double maxThroughput, long maxErrors, double stackCpuMs, double loadCpuMs) {
}
