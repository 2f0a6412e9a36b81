package io.unstick.balancer.config;

/**
 * Limits per client address; {@code 0} switches one off, and all are off by default (a balancer behind a proxy or
 * a corporate NAT sees many users at one address; set them to fit your traffic).
 *
 * @param maxConnections      open connections at once ({@code UNSTICK_CLIENT_MAX_CONNECTIONS}); counted from accept,
 *                            always by the direct peer's address
 * @param requestsPerSecond   requests per second, with a burst of one second's worth ({@code UNSTICK_CLIENT_REQUEST_RATE})
 * @param sessionsPerSecond   new sessions per second, with a burst of one second's worth ({@code UNSTICK_CLIENT_SESSION_RATE})
 */
public record ClientLimits(int maxConnections, int requestsPerSecond, int sessionsPerSecond) {

    public ClientLimits {
        if (maxConnections < 0 || requestsPerSecond < 0 || sessionsPerSecond < 0) {
            throw new IllegalArgumentException("client limits must not be negative");
        }
    }

    public static ClientLimits off() {
        return new ClientLimits(0, 0, 0);
    }

    public boolean any() {
        return maxConnections > 0 || requestsPerSecond > 0 || sessionsPerSecond > 0;
    }
}
