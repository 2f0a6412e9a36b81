package io.unstick.balancer.guard;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate limit as one number (the generic cell rate algorithm, a token bucket without a refill timer): the
 * theoretical arrival time of the next event. Lock-free, one compare-and-set per event, nothing allocated.
 *
 * <p>With {@code rate} events per second and a burst of {@code burst}: an idle limit lets {@code burst} events
 * through at once, then one per {@code 1/rate} seconds. A limit whose time is in the past remembers nothing (a
 * table may forget it).
 */
final class Gcra {

    private final long intervalNanos;
    private final long toleranceNanos;

    Gcra(int perSecond, int burst) {
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (burst - 1);
    }

    /** Takes one event if allowed: 0, else the nanoseconds until one would be. */
    long tryTake(AtomicLong arrival, long now) {
        for (;;) {
            long tat = arrival.get();
            long base = Math.max(tat, now);
            long wait = base - now - toleranceNanos;
            if (wait > 0) {
                return wait;
            }
            if (arrival.compareAndSet(tat, base + intervalNanos)) {
                return 0;
            }
        }
    }

    /** Whether an event would be allowed now, without taking it: 0, else the nanoseconds until it would. */
    long waitFor(AtomicLong arrival, long now) {
        return Math.max(0, Math.max(arrival.get(), now) - now - toleranceNanos);
    }

    /** Takes one event whether allowed or not (it happened: a session was created). */
    void charge(AtomicLong arrival, long now) {
        arrival.accumulateAndGet(now, (tat, t) -> Math.max(tat, t) + intervalNanos);
    }

    /** True if the limit remembers nothing: forgetting it changes no decision. */
    static boolean idle(AtomicLong arrival, long now) {
        return arrival.get() <= now;
    }
}
