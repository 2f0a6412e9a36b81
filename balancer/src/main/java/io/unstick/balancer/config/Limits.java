package io.unstick.balancer.config;

import java.time.Duration;

/**
 * Protective limits on the client side and toward the backends.
 *
 * @param maxHeaderBytes         request line plus headers larger than this are refused (default 32 KiB)
 * @param maxBodyBytes           larger request bodies get 413 (default 128 MiB)
 * @param idleTimeout            a client connection idle this long is closed (default 60 s)
 * @param requestHeaderTimeout   a client must send its full headers within this (default 10 s), so a slow
 *                               client cannot hold a connection open
 * @param backendTimeout         a backend that has not finished its response in this time gives 504 (default 30 s)
 * @param maxClientConnections   client connections accepted at once; more wait in the accept backlog (default 10000)
 * @param backendMaxConnections  pooled keep-alive connections per backend and IO thread (default 64)
 * @param maxRetries             further nodes tried after a failure that is safe to retry (default 2)
 * @param requestBufferBytes     request bodies up to this size are read completely before a node is chosen; larger
 *                               ones are read up to it, then streamed (default 64 KiB)
 * @param requestBodyTimeout     the balancer waits for a request body at most this long plus one second per
 *                               {@code requestBodyMinRate} bytes received; then 408 (default 10 s)
 * @param requestBodyMinRate     bytes per second a body must average after the first {@code requestBodyTimeout}
 *                               (default 8 KiB/s)
 */
public record Limits(int maxHeaderBytes, long maxBodyBytes, Duration idleTimeout, Duration requestHeaderTimeout,
                     Duration backendTimeout, int maxClientConnections, int backendMaxConnections, int maxRetries,
                     int requestBufferBytes, Duration requestBodyTimeout, long requestBodyMinRate) {

    public Limits {
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max header size must be at least 1k");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body size must be positive");
        }
        HealthSettings.requirePositive(idleTimeout, "idle timeout");
        HealthSettings.requirePositive(requestHeaderTimeout, "request header timeout");
        HealthSettings.requirePositive(backendTimeout, "backend timeout");
        if (maxClientConnections < 1 || backendMaxConnections < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("connection limits must be positive and retries not negative");
        }
        if (requestBufferBytes < 1 || requestBodyMinRate < 1) {
            throw new IllegalArgumentException("request buffer size and body rate must be positive");
        }
        HealthSettings.requirePositive(requestBodyTimeout, "request body timeout");
    }

    public static Limits defaults() {
        return new Limits(32 * 1024, 128L * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 10_000, 64, 2, 64 * 1024, Duration.ofSeconds(10), 8 * 1024);
    }
}
