package io.unstick.lab.bench.sessions;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: one thread sends request i at {@code start + i / rate} whatever the answers do, to the
 * shoppers in turn, over one shared HTTP/1.1 client. A request's latency runs from the time it was <em>due</em>,
 * not from when it was sent, so a stalled server is charged for every request it delayed (no coordinated omission).
 * <p>
 * Each shopper's requests go out one at a time, in order: one that falls due while the same shopper's last is
 * unanswered goes as soon as that one is answered or has failed (timed out too), and its latency still runs from
 * when it was due. A shopper is one browser, which does not send a session two requests at once; sending them anyway,
 * once the stack queued, made the shop answer 409 to the session's concurrent writes, an artefact of the load, not of
 * the store (docs/BENCHMARKS.md, the 2026-12-02 02:23 run).
 */
final class FixedRateLoad {

    /**
     * The most requests in flight, those waiting for their shopper's last included: one per connection of the
     * client. Beyond it the sender waits; the wait is still charged, since latency runs from when a request was due.
     * 4096 let a cold stack's first seconds open ~1,800 connections that stayed pooled and cost the load generator
     * 100-400 ms GC pauses, charged to whatever ran next.
     */
    private static final int MAX_IN_FLIGHT = BenchClient.MAX_CONNECTIONS;

    /**
     * A request the sending thread took up later than this after it was due, with room in flight, was late by the
     * generator's fault. Waiting for its shopper's last answer is not that: the sending thread does not wait for it.
     */
    static final Duration LATE = Duration.ofMillis(10);

    private final BenchClient client;
    private final List<BenchShopper> shoppers;
    private final double rate;
    private final Duration timeout;

    FixedRateLoad(BenchClient client, List<BenchShopper> shoppers, double rate, Duration timeout) {
        if (shoppers.isEmpty() || !(rate > 0)) {
            throw new IllegalArgumentException("a fixed-rate load needs shoppers and a positive rate");
        }
        this.client = client;
        this.shoppers = List.copyOf(shoppers);
        this.rate = rate;
        this.timeout = timeout;
    }

    /**
     * Sends at the rate for {@code warmup + measured}; only requests due inside the measured window count.
     *
     * @param window told when the measured window opens (on the sending thread: it must not block) and when
     *               every request of the window has been answered
     */
    Window run(Duration warmup, Duration measured, WindowListener window) throws InterruptedException {
        Recorder latency = new Recorder(3);
        Histogram ownDelay = new Histogram(3); // the sending thread's only
        LongAdder ok = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        // Each shopper's last request, done once it is answered or failed; touched by the sending thread only.
        List<CompletableFuture<Void>> lastOf = new ArrayList<>(Collections.nCopies(shoppers.size(),
                CompletableFuture.<Void>completedFuture(null)));
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        long sent = 0;
        long late = 0;
        long maxLateNanos = 0;
        long roomAt = start; // when the last wait for room in flight (the stack's doing) ended
        boolean opened = false;
        for (long i = 0; ; i++) {
            long due = start + (long) (i * intervalNanos);
            if (due >= measureTo) {
                break;
            }
            boolean counts = due >= measureFrom;
            if (counts && !opened) {
                window.opened();
                opened = true;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (counts) {
                // Counted from when it could have gone: due, or once there was room in flight if there was none. A
                // wait for room is the stack's (charged to its latency); the rest, a park that overslept included, is
                // the generator's own delay.
                long behind = Math.max(0, System.nanoTime() - Math.max(due, roomAt));
                ownDelay.recordValue(TimeUnit.NANOSECONDS.toMicros(behind));
                if (behind > LATE.toNanos()) {
                    late++;
                    maxLateNanos = Math.max(maxLateNanos, behind);
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("the load was interrupted");
            }
            if (!inFlight.tryAcquire()) {
                inFlight.acquire();
                roomAt = System.nanoTime();
            }
            int s = (int) (i % shoppers.size());
            BenchShopper shopper = shoppers.get(s);
            // After the shopper's last request (at once if it is done, else on the thread that answered it), so the
            // shopper builds it, with the cookies that answer set, in due order and one at a time.
            lastOf.set(s, lastOf.get(s).thenCompose(previous -> client.send(shopper, shopper.next()))
                    .handle((response, failure) -> {
                        try {
                            if (counts) {
                                record(response, failure, due, ok, errors, latency);
                            }
                        } finally {
                            // Only after recording: the window's end waits for every permit, then reads the counts.
                            inFlight.release();
                        }
                        return null; // done either way, so the shopper's next request goes after a failed one too
                    }));
            if (counts) {
                sent++;
            }
        }
        int unfinished = awaitAll(inFlight);
        if (unfinished > 0) {
            errors.computeIfAbsent("unfinished", k -> new LongAdder()).add(unfinished);
        }
        window.closed();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
        return new Window(sent, ok.sum(), errorCounts, latency.getIntervalHistogram(), ownDelay, measured, late,
                Duration.ofNanos(maxLateNanos));
    }

    /**
     * Waits for every permit, as long as one comes back within the request timeout (and 2 s): a shopper's requests
     * go one after another, so the last of a queue of them may be answered several timeouts after the window.
     *
     * @return the requests still in flight when none came back in time
     */
    private int awaitAll(Semaphore inFlight) throws InterruptedException {
        int back = 0;
        while (back < MAX_IN_FLIGHT) {
            int free = inFlight.drainPermits();
            if (free > 0) {
                back += free;
            } else if (inFlight.tryAcquire(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                back++;
            } else {
                break;
            }
        }
        return MAX_IN_FLIGHT - back;
    }

    private static void record(ResponseReader.Answer response, Throwable failure, long due, LongAdder ok,
                               Map<String, LongAdder> errors, Recorder latency) {
        if (failure != null) {
            errors.computeIfAbsent(BenchClient.kind(failure), k -> new LongAdder()).increment();
        } else if (response.status() >= 400) {
            errors.computeIfAbsent(String.valueOf(response.status()), k -> new LongAdder()).increment();
        } else {
            ok.increment();
            latency.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due)));
        }
    }

    /** Told when the measured window opens (must return at once) and when its last request was answered. */
    interface WindowListener {

        /** Nothing to do when the window opens or closes. */
        WindowListener NONE = new WindowListener() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };
        void opened() throws InterruptedException;

        void closed() throws InterruptedException;
    }

    /**
     * What the measured window saw.
     *
     * @param sent     requests due in the window
     * @param ok       of those, answered 2xx/3xx
     * @param errors   failures by kind: an HTTP status, {@code timeout}, {@code io} or {@code unfinished}
     * @param latency  of the ok requests, microseconds from when each was due
     * @param ownDelay of every request of the window, microseconds from when it was due (or from when room in flight
     *                 came back, if later) to when the sending thread took it up: the generator's own part of each
     *                 latency, which a small or shared machine makes milliseconds for every mode alike
     * @param measured the window's length
     * @param late     requests the generator took up more than {@link #LATE} after they were due although it was
     *                 not waiting for room in flight: it could not keep up, and their latency is partly its own
     * @param maxLate  the latest of those
     */
    record Window(long sent, long ok, Map<String, Long> errors, Histogram latency, Histogram ownDelay,
                  Duration measured, long late, Duration maxLate) {

        /** A line saying the generator fell behind, or empty when it kept up. */
        String lateWarning() {
            return late == 0 ? "" : String.format("the load generator itself fell behind: %d of %d requests sent more"
                    + " than %d ms after they were due (at worst %d ms) with fewer than %d in flight; their latency"
                    + " is partly the generator's", late, sent, LATE.toMillis(), maxLate.toMillis(), MAX_IN_FLIGHT);
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
