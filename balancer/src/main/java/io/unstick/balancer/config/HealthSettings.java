package io.unstick.balancer.config;

import java.time.Duration;

/**
 * Active and passive health checking.
 *
 * @param path               probed with GET on every node, e.g. {@code /health}; 2xx means healthy
 * @param interval           time between two probes of one node (default 2 s)
 * @param timeout            a probe slower than this failed (default 1 s)
 * @param fall               consecutive failed probes that mark an UP node DOWN (default 2)
 * @param rise               consecutive good probes that mark a DOWN node UP (default 2)
 * @param passiveBackoff     after a connect failure or reset the node is not tried for this long; doubles on
 *                           each consecutive failure (default 1 s)
 * @param passiveBackoffMax  upper bound of that doubling (default 30 s)
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int fall, int rise,
                             Duration passiveBackoff, Duration passiveBackoffMax) {

    public HealthSettings {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health path must start with '/', got '" + path + "'");
        }
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(passiveBackoff, "passive backoff");
        if (passiveBackoffMax.compareTo(passiveBackoff) < 0) {
            throw new IllegalArgumentException("passive backoff max must be at least the passive backoff");
        }
        if (fall < 1 || rise < 1) {
            throw new IllegalArgumentException("fall and rise must be at least 1");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings("/health", Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    static void requirePositive(Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
