package io.unstick.lab.bench.sessions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code concurrency} workers, each sending its next request as soon as the previous one
 * is answered. What the stack answers per second this way is its capacity, which a fixed rate below it cannot
 * show. Each worker owns its own shoppers, so no shopper ever has two requests in flight.
 */
final class MaxThroughputLoad {

    private final BenchClient client;
    private final List<BenchShopper> shoppers;
    private final int concurrency;

    MaxThroughputLoad(BenchClient client, List<BenchShopper> shoppers, int concurrency) {
        if (concurrency < 1 || concurrency > shoppers.size()) {
            throw new IllegalArgumentException("a closed-loop load needs 1.." + shoppers.size()
                    + " workers (one shopper at least each), but was " + concurrency);
        }
        this.client = client;
        this.shoppers = List.copyOf(shoppers);
        this.concurrency = concurrency;
    }

    /**
     * Runs for {@code leadIn + measured}; counts the answers that arrive inside the measured window.
     *
     * @param leadIn not counted: lets the connections and queues settle at the new load
     * @param window told when the measured window opens and closes, on this thread
     */
    Result run(Duration leadIn, Duration measured, FixedRateLoad.WindowListener window) throws InterruptedException {
        long measureFrom = System.nanoTime() + leadIn.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            List<BenchShopper> own = new ArrayList<>();
            for (int i = w; i < shoppers.size(); i += concurrency) {
                own.add(shoppers.get(i));
            }
            Thread worker = new Thread(() -> shop(own, measureFrom, measureTo, ok, errors), "bench-max-" + w);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        sleepUntil(measureFrom);
        window.opened();
        sleepUntil(measureTo);
        window.closed();
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(ok.sum(), errors.sum(), ok.sum() / (measured.toMillis() / 1000.0));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private void shop(List<BenchShopper> own, long measureFrom, long measureTo, LongAdder ok, LongAdder errors) {
        for (int i = 0; System.nanoTime() < measureTo && !Thread.currentThread().isInterrupted(); i++) {
            BenchShopper shopper = own.get(i % own.size());
            boolean answered;
            try {
                answered = client.send(shopper, shopper.next()).join().status() < 400;
            } catch (CompletionException e) {
                answered = false; // counted below; the kind does not matter for a capacity figure
            }
            long now = System.nanoTime();
            if (now >= measureFrom && now < measureTo) {
                (answered ? ok : errors).increment();
            }
        }
    }

    /**
     * @param ok        answers (2xx/3xx) that arrived inside the window
     * @param errors    failures and 4xx/5xx inside the window
     * @param perSecond {@code ok} per second of the window
     */
    record Result(long ok, long errors, double perSecond) {
    }
}
