package io.unstick.balancer.forward;

import io.undertow.util.WorkerUtils;
import org.xnio.XnioIoThread;

import java.util.concurrent.TimeUnit;

/**
 * The deadlines of the forwards of one IO thread. They all have the same timeout, so the order they start in is the
 * order they expire in: a list with the oldest first and one timer at a time, set for the oldest, instead of an XNIO
 * timer per request (a lambda, a key and a tree node each: 4 % of the bytes the balancer allocated, measured). Each
 * entry still expires at its own deadline: a timer that fires for an entry that finished meanwhile is set again for
 * the oldest one left. Only the IO thread touches it.
 */
final class Deadlines {

    /** The IO thread's clock and timer (XNIO's in the balancer; a fake one in tests). */
    interface Timer {
        long nanoTime();

        void schedule(Runnable task, long delayNanos);
    }

    /** Something with a deadline: a forward. Linked into the list while it waits. */
    abstract static class Entry {
        private Entry older;
        private Entry newer;
        private long deadline;
        private boolean waiting;

        /** Its deadline passed before it was removed. */
        abstract void expired();
    }

    private final Timer timer;
    private final long timeoutNanos;
    private final Runnable fire = this::fire;
    private Entry oldest;
    private Entry newest;
    private boolean scheduled;

    Deadlines(Timer timer, long timeoutNanos) {
        this.timer = timer;
        this.timeoutNanos = timeoutNanos;
    }

    /** The deadlines of {@code thread}'s forwards, on its own timer. */
    static Deadlines on(XnioIoThread thread, long timeoutMillis) {
        return new Deadlines(new Timer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Runnable task, long delayNanos) {
                // rounded up: early by a fraction of a millisecond, the timer would only be set again
                WorkerUtils.executeAfter(thread, task, (delayNanos + 999_999) / 1_000_000, TimeUnit.MILLISECONDS);
            }
        }, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /** {@code entry} expires one timeout from now unless it is removed before. */
    void add(Entry entry) {
        if (entry.waiting) {
            remove(entry);
        }
        entry.deadline = timer.nanoTime() + timeoutNanos;
        entry.older = newest;
        entry.newer = null;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.newer = entry;
        }
        newest = entry;
        entry.waiting = true;
        if (!scheduled) {
            scheduled = true;
            timer.schedule(fire, timeoutNanos);
        }
    }

    /** {@code entry} will not expire; nothing if it is not waiting. */
    void remove(Entry entry) {
        if (!entry.waiting) {
            return;
        }
        entry.waiting = false;
        if (entry.older == null) {
            oldest = entry.newer;
        } else {
            entry.older.newer = entry.newer;
        }
        if (entry.newer == null) {
            newest = entry.older;
        } else {
            entry.newer.older = entry.older;
        }
        entry.older = null;
        entry.newer = null;
    }

    private void fire() {
        scheduled = false;
        long now = timer.nanoTime();
        try {
            while (oldest != null && oldest.deadline - now <= 0) {
                Entry due = oldest;
                remove(due);
                due.expired();
            }
        } finally { // even if one entry's expiry threw (XNIO logs it), the later ones keep their timer
            if (oldest != null && !scheduled) {
                scheduled = true;
                timer.schedule(fire, Math.max(0, oldest.deadline - now));
            }
        }
    }
}
