package io.unstick.benchmarks;

/** Checks in a benchmark's setup that it measures the intended path, not plausible numbers for the wrong one. */
public final class SetupCheck {

    private SetupCheck() {
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark set up wrongly: " + message);
        }
    }
}
