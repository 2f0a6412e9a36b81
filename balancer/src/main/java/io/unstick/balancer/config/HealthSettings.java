package io.unstick.balancer.config;

import java.time.Duration;

/**
 * Active and passive health checking.
 *
 * @param path               probed with GET on every node (default {@code /health/ready}, the shop's readiness): 2xx
 *                           is ready, 503 is "not ready" and takes the node out at once, anything else or no answer
 *                           in time is a failed probe
 * @param interval           time between two probes of one node (default 2 s)
 * @param timeout            a probe slower than this failed (default 1 s)
 * @param fall               consecutive failed probes that mark an UP node DOWN (default 2)
 * @param rise               consecutive good probes that mark a DOWN node UP (default 2)
 * @param passiveFailures    consecutive connection failures (refused, reset) within {@code passiveWindow} that mark
 *                           a node DOWN between probes (default 3); a response in between starts the count over
 * @param passiveWindow      the window of those failures (default 10 s)
 * @param passiveBackoff     a node marked DOWN that way is not tried for this long; doubles each time it happens
 *                           again before the node is back (default 1 s)
 * @param passiveBackoffMax  upper bound of that doubling (default 30 s)
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int fall, int rise,
                             int passiveFailures, Duration passiveWindow,
                             Duration passiveBackoff, Duration passiveBackoffMax) {

    public static final String DEFAULT_PATH = "/health/ready";

    public HealthSettings {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health path must start with '/', got '" + path + "'");
        }
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(passiveWindow, "passive window");
        requirePositive(passiveBackoff, "passive backoff");
        if (passiveBackoffMax.compareTo(passiveBackoff) < 0) {
            throw new IllegalArgumentException("passive backoff max must be at least the passive backoff");
        }
        if (fall < 1 || rise < 1 || passiveFailures < 1) {
            throw new IllegalArgumentException("fall, rise and passive failures must be at least 1");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(DEFAULT_PATH, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2,
                3, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    static void requirePositive(Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
