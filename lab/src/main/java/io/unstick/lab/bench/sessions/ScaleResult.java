package io.unstick.lab.bench.sessions;

/**
 * A cart request's latency with this many live sessions in the store (shared mode).
 *
 * @param sessions          live sessions preloaded (the measured shoppers' own come on top)
 * @param preloadPerSecond  how fast they were created
 * @param preloadFailures   preload requests that failed
 * @param p50Ms             median latency of the fixed-rate cart load at this size
 * @param p99Ms             99th percentile
 * @param errors            failed requests of the cart load
 * @param heapBytesPerSession heap after a full GC, summed over the nodes, minus the same after a warm-up and before
 *                            any preload, over the sessions: a session's cost with its backup copy and the store's
 *                            overhead; noisy below some 10k sessions
 */
public record ScaleResult(long sessions, double preloadPerSecond, long preloadFailures, double p50Ms, double p99Ms,
                          long errors, double heapBytesPerSession) {
}
