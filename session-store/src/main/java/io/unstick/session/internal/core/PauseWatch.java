package io.unstick.session.internal.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Notices that this JVM stood still — a long GC pause, SIGSTOP, a virtual machine its host froze — and closes the
 * store to this node's requests for a while after it.
 *
 * <p>Why: a member paused for longer than the cluster's failure detection has been removed by the others, which
 * promoted its backups and went on. When it resumes, Hazelcast sees a "clock jump" and resets its heartbeat
 * timestamps, so for a moment it still trusts its old view: its split-brain protection passes and it acknowledges
 * writes the cluster has moved past, and the requests that queued up during the pause are exactly those (measured:
 * about 0.3 s of such answers after a 7.5 s SIGSTOP). Closed, it answers them 503 until it has had time to learn where
 * it stands (the failure detection's own period); a pause shorter than {@code pauseMillis} closes nothing.
 *
 * <p>A ticker thread notes the time every {@value #TICK_MILLIS} ms; a gap in its ticks is a pause. A request that
 * runs before the ticker has woken up sees the gap itself (the last tick is too old).
 */
public final class PauseWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PauseWatch.class.getName());
    static final long TICK_MILLIS = 200;

    private final long pauseNanos;
    private final long closedNanos;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticker;
    private volatile long lastTick;
    private volatile long closedUntil;
    private volatile long lastPauseNanos;
    private volatile boolean closed;

    /**
     * @param pauseMillis  a standstill at least this long closes the store (the split-brain protection's tolerance)
     * @param closedMillis for this long after the node resumes (the failure detection's period)
     * @param clock        monotonic nanoseconds ({@code System::nanoTime})
     */
    PauseWatch(long pauseMillis, long closedMillis, LongSupplier clock) {
        this(pauseMillis, closedMillis, clock, null);
    }

    private PauseWatch(long pauseMillis, long closedMillis, LongSupplier clock, ScheduledExecutorService ticker) {
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        this.closedNanos = TimeUnit.MILLISECONDS.toNanos(closedMillis);
        this.clock = clock;
        this.ticker = ticker;
        this.lastTick = clock.getAsLong();
        this.closedUntil = lastTick;
    }

    /** A watch that never closes the store (no ticker). */
    public static PauseWatch off() {
        return new PauseWatch(Long.MAX_VALUE, 0, System::nanoTime);
    }

    /** A watch with its own daemon ticker, stopped by {@link #close}. */
    public static PauseWatch started(long pauseMillis, long closedMillis, String name) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unstick-pause-watch-" + name);
            thread.setDaemon(true);
            return thread;
        });
        PauseWatch watch = new PauseWatch(pauseMillis, closedMillis, System::nanoTime, ticker);
        ticker.scheduleAtFixedRate(watch::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Notes that the JVM runs; after a gap of at least {@code pauseMillis}, closes the store. */
    void tick() {
        long now = clock.getAsLong();
        long gap = now - lastTick;
        lastTick = now;
        if (gap >= pauseNanos) {
            lastPauseNanos = gap;
            closedUntil = now + closedNanos;
            closed = true;
            LOG.log(Level.WARNING, "This node stood still for " + millis(gap) + " ms (a long GC pause, SIGSTOP or a"
                    + " frozen VM): its requests get 503 for " + millis(closedNanos) + " ms, until its member knows"
                    + " whether the cluster went on without it");
        } else if (closed && now - closedUntil >= 0) {
            closed = false;
            LOG.log(Level.INFO, "This node serves sessions again after its standstill");
        }
    }

    /** Why the store is closed to this node's requests now, or null when it is open. */
    public String refusal() {
        long now = clock.getAsLong();
        long sinceTick = now - lastTick;
        if (sinceTick >= pauseNanos) {
            return "this node stood still for at least " + millis(sinceTick) + " ms (a long GC pause, SIGSTOP or a"
                    + " frozen VM); its member may have been removed meanwhile";
        }
        if (now - closedUntil < 0) {
            return "this node stood still for " + millis(lastPauseNanos) + " ms; it serves sessions again in "
                    + millis(closedUntil - now) + " ms, once its member knows whether the cluster went on without it";
        }
        return null;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
