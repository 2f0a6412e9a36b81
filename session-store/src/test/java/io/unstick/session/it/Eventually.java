package io.unstick.session.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it passes or a deadline runs out; the last failure is rethrown. */
final class Eventually {

    private Eventually() {
    }

    static void within(Duration timeout, Runnable assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
