package io.unstick.lab.bench.balancer;

import java.time.Duration;

/**
 * When a JVM proxy's warm-up may stop: its JIT compiler is quiet once a warm-up round added less than
 * {@code thresholdSeconds} of compile time, and the extra rounds after the fixed warm-up stop at {@code maxExtra}
 * either way, so the bench always ends. A proxy measured while C2 still compiles on its one CPU is not at steady
 * state (docs/BENCHMARKS.md: 0.15-0.41 s of compiling per 10 s window after a 30 s warm-up).
 *
 * @param round the length of one extra discarded warm-up round
 */
record JitQuiet(double thresholdSeconds, Duration round, Duration maxExtra) {

    /** 0.05 s per 5 s round is 1% of the proxy's CPU; at most 60 s more than --warmup. */
    static final JitQuiet DEFAULT = new JitQuiet(0.05, Duration.ofSeconds(5), Duration.ofSeconds(60));

    enum Decision { QUIET, WARM_MORE, BOUND_REACHED }

    JitQuiet {
        if (thresholdSeconds <= 0 || round.isNegative() || round.isZero() || maxExtra.isNegative()) {
            throw new IllegalArgumentException("JIT-quiet warm-up needs a positive threshold and round, got "
                    + thresholdSeconds + " s, " + round + ", " + maxExtra);
        }
    }

    /**
     * @param lastRoundSeconds compile time the JVM added during the last warm-up round
     * @param extraSoFar       extra warm-up already run after the fixed one
     */
    Decision decide(double lastRoundSeconds, Duration extraSoFar) {
        if (lastRoundSeconds < thresholdSeconds) {
            return Decision.QUIET;
        }
        return extraSoFar.plus(round).compareTo(maxExtra) > 0 ? Decision.BOUND_REACHED : Decision.WARM_MORE;
    }
}
