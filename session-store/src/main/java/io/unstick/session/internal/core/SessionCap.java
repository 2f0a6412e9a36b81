package io.unstick.session.internal.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code maxActiveSessions} across the cluster: a new session is admitted while the store holds fewer entries than
 * the cap. Counting the store is a remote call to every member, so the count is refreshed at most once per
 * {@code refreshMillis} by one request thread while the others use the last count plus the sessions this node created
 * since. The cap can therefore be overshot by what the other nodes create within one refresh interval.
 *
 * <pre>
 * cap 1000, store counted 990 at t=0, this node created 10 since    → refused until the next count
 * t ≥ refresh: one request counts again (990 → 1003 after others' creations, 20 expired → 983) → admitted
 * </pre>
 *
 * The store counts entries: live sessions and the tombstones of those that ended or changed id within their
 * lifetime, which hold memory too.
 */
public final class SessionCap {

    private static final System.Logger LOG = System.getLogger(SessionCap.class.getName());
    /** One log line per this long while sessions are being refused. */
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final int max;
    private final long refreshMillis;
    private final LongSupplier clock;
    private final LongSupplier storeCount;
    private final Counters counters;
    private final String context;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong createdSinceCount = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private volatile long counted = -1;
    private volatile long countedAt;
    private volatile long loggedAt = Long.MIN_VALUE;

    /**
     * @param max        sessions the cluster may hold; negative: no cap
     * @param storeCount the entries the store holds now (a remote call; may throw StoreUnavailableException)
     */
    public SessionCap(int max, long refreshMillis, LongSupplier clock, LongSupplier storeCount, Counters counters,
                      String context) {
        this.max = max;
        this.refreshMillis = refreshMillis;
        this.clock = clock;
        this.storeCount = storeCount;
        this.counters = counters;
        this.context = context;
    }

    /**
     * Whether a new session may start now; a refusal is counted and logged (the first, then at most one line a
     * minute with the number refused meanwhile).
     *
     * @throws StoreUnavailableException when the store has never been counted and cannot be counted now
     */
    public boolean admits() {
        if (max < 0) {
            return true;
        }
        long now = clock.getAsLong();
        if ((counted < 0 || now - countedAt >= refreshMillis) && refreshing.compareAndSet(false, true)) {
            try {
                long created = createdSinceCount.get();
                counted = storeCount.getAsLong();
                countedAt = now;
                createdSinceCount.addAndGet(-created);
            } catch (RuntimeException e) {
                if (counted < 0) {
                    throw e;
                }
                // the last count stands until the store answers again
            } finally {
                refreshing.set(false);
            }
        }
        if (counted < 0) {
            return true; // another thread is counting for the first time: no refusal without a count
        }
        long estimate = counted + createdSinceCount.get();
        if (estimate < max) {
            return true;
        }
        counters.sessionRefused();
        refused(now, estimate);
        return false;
    }

    /** This node started a session. */
    public void created() {
        if (max >= 0) {
            createdSinceCount.incrementAndGet();
        }
    }

    private void refused(long now, long estimate) {
        long refused = refusedSinceLog.incrementAndGet();
        long last = loggedAt;
        if (now - last >= LOG_INTERVAL_MILLIS || last == Long.MIN_VALUE) {
            synchronized (this) {
                if (loggedAt != last) {
                    return;
                }
                loggedAt = now;
            }
            refusedSinceLog.addAndGet(-refused);
            LOG.log(Level.WARNING, "New sessions of " + context + " are refused with 503: the session store holds "
                    + estimate + " sessions, maxActiveSessions is " + max + " (" + refused + " refused since the last"
                    + " such line; counted cluster-wide at most every " + refreshMillis + " ms)");
        }
    }
}
