package io.unstick.lab.compare.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all shoppers of one run observed, counted while the measurement is on (the warm-up is not counted).
 * Thread-safe and wait-free on the recording side: shoppers record, one sampler reads once a second.
 */
public final class Observations {

    private final Recorder latency = new Recorder(3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder lostItems = new LongAdder();
    private final LongAdder extraItems = new LongAdder();
    private final LongAdder resurrectedItems = new LongAdder();
    private final LongAdder divergentAnswers = new LongAdder();
    private final LongAdder sessionResets = new LongAdder();
    private final LongAdder relogins = new LongAdder();
    private final LongAdder sessionsLostWithLoginAnswer = new LongAdder();
    private final LongAdder itemsLostWithLoginAnswer = new LongAdder();
    private final LongAdder idChangesByLogin = new LongAdder();
    private final LongAdder visits = new LongAdder();
    private final LongAdder checkouts = new LongAdder();
    private final Map<String, LongAdder> byNode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorsByStatus = new ConcurrentHashMap<>();
    private final AtomicLong lastTroubleNanos = new AtomicLong(Long.MIN_VALUE);
    /** The longest wait for one request, answered or not, since the sampler last asked, and over the run. */
    private final AtomicLong intervalLongestMicros = new AtomicLong();
    private final AtomicLong longestMicros = new AtomicLong();
    private volatile boolean measuring;

    /** From now on everything counts; before, shoppers only warm the stack up. */
    public void startMeasuring() {
        latency.reset();
        intervalLongestMicros.set(0);
        measuring = true;
    }

    public void stopMeasuring() {
        measuring = false;
    }

    void answered(int status, String node, long micros, boolean readable) {
        if (!measuring) {
            return;
        }
        requests.increment();
        latency.recordValue(Math.max(1, micros));
        waited(micros);
        if (node != null) {
            byNode.computeIfAbsent(node, n -> new LongAdder()).increment();
        }
        if (status >= 400) {
            error(String.valueOf(status));
        } else if (!readable) {
            error("bad-body");
        } else {
            ok.increment();
        }
    }

    /** A request without an answer after {@code micros}: {@code timeout} or {@code io} (refused, reset). */
    void failed(String kind, long micros) {
        if (!measuring) {
            return;
        }
        requests.increment();
        waited(micros);
        error(kind);
    }

    void lostItems(int units) {
        if (measuring && units > 0) {
            lostItems.add(units);
            trouble();
        }
    }

    void extraItems(int units) {
        if (measuring && units > 0) {
            extraItems.add(units);
        }
    }

    /** Units of a line that went away and came back (see {@link CartLedger}). */
    void resurrectedItems(int units) {
        if (measuring && units > 0) {
            resurrectedItems.add(units);
            trouble();
        }
    }

    /** Answers for the same session that contradicted the one before (see {@link CartLedger}). */
    void divergentAnswers(int answers) {
        if (measuring && answers > 0) {
            divergentAnswers.add(answers);
            trouble();
        }
    }

    void sessionReset() {
        if (measuring) {
            sessionResets.increment();
            trouble();
        }
    }

    /** A session replaced right after a login that got no answer, with the units its cart held (see {@link VirtualShopper}). */
    void sessionLostWithLoginAnswer(int units) {
        if (measuring) {
            sessionsLostWithLoginAnswer.increment();
            itemsLostWithLoginAnswer.add(units);
            trouble();
        }
    }

    void relogin() {
        if (measuring) {
            relogins.increment();
            trouble();
        }
    }

    void idChangedByLogin() {
        if (measuring) {
            idChangesByLogin.increment();
        }
    }

    void visit() {
        if (measuring) {
            visits.increment();
        }
    }

    void checkout() {
        if (measuring) {
            checkouts.increment();
        }
    }

    private void error(String kind) {
        errors.increment();
        errorsByStatus.computeIfAbsent(kind, k -> new LongAdder()).increment();
        trouble();
    }

    private void waited(long micros) {
        intervalLongestMicros.accumulateAndGet(micros, Math::max);
        longestMicros.accumulateAndGet(micros, Math::max);
    }

    /** The longest wait since the last call (microseconds), answered or not; the sampler's per-second maximum. */
    long intervalLongestMicros() {
        return intervalLongestMicros.getAndSet(0);
    }

    private void trouble() {
        long now = System.nanoTime();
        lastTroubleNanos.accumulateAndGet(now, Math::max);
    }

    /** The latencies recorded since the last call (microseconds); the sampler adds them to the run's total. */
    Histogram intervalLatency() {
        return latency.getIntervalHistogram();
    }

    /** When the last failed request, loss, reset or re-login was seen ({@link System#nanoTime()}), if any. */
    public long lastTroubleNanos() {
        return lastTroubleNanos.get();
    }

    public Counts counts() {
        Map<String, Long> nodes = new TreeMap<>();
        byNode.forEach((node, count) -> nodes.put(node, count.sum()));
        Map<String, Long> statuses = new TreeMap<>();
        errorsByStatus.forEach((status, count) -> statuses.put(status, count.sum()));
        return new Counts(requests.sum(), ok.sum(), errors.sum(), lostItems.sum(), extraItems.sum(),
                resurrectedItems.sum(), divergentAnswers.sum(), sessionResets.sum(), relogins.sum(),
                idChangesByLogin.sum(), sessionsLostWithLoginAnswer.sum(), itemsLostWithLoginAnswer.sum(), visits.sum(),
                checkouts.sum(), longestMicros.get(), nodes, statuses);
    }

    /**
     * A snapshot of the counters.
     *
     * @param sessionsLostWithLoginAnswer sessions replaced right after a login that got no answer (not resets)
     * @param itemsLostWithLoginAnswer    the units those sessions held (not lost items)
     * @param longestMicros the longest a shopper waited for one request, answered or not (a timeout counts its wait)
     */
    public record Counts(long requests, long ok, long errors, long lostItems, long extraItems, long resurrectedItems,
                         long divergentAnswers, long sessionResets, long relogins, long idChangesByLogin,
                         long sessionsLostWithLoginAnswer, long itemsLostWithLoginAnswer, long visits,
                         long checkouts, long longestMicros, Map<String, Long> byNode, Map<String, Long> errorsByStatus) {
    }
}
