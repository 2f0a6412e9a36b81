package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The virtual shoppers of one run, each on its own thread with its own client, until {@link #close()}.
 *
 * <pre>
 * try (LoadRun load = LoadRun.start(URI.create("http://127.0.0.1:8080/"), profiles, products, timeout, observations)) {
 *     observations.startMeasuring();
 *     Thread.sleep(60_000);
 * }
 * </pre>
 */
public final class LoadRun implements AutoCloseable {

    private final List<Thread> threads;
    private final ExecutorService httpExecutor;
    private final Duration requestTimeout;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    private LoadRun(int shoppers, Duration requestTimeout) {
        this.threads = new ArrayList<>(shoppers);
        this.requestTimeout = requestTimeout;
        // The clients' response handling shares a few threads instead of a pool per client.
        this.httpExecutor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                runnable -> {
                    Thread thread = new Thread(runnable, "shopper-http");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public static LoadRun start(URI shop, List<ShopperProfile> profiles, List<String> products, Duration requestTimeout,
                                Observations observations) {
        return start(shop, profiles, products, requestTimeout, observations, ShopperLog.NONE);
    }

    /** The same, writing what goes wrong for a shopper into {@code log}. */
    public static LoadRun start(URI shop, List<ShopperProfile> profiles, List<String> products, Duration requestTimeout,
                                Observations observations, ShopperLog log) {
        if (!"127.0.0.1".equals(shop.getHost()) && !"localhost".equals(shop.getHost())) {
            throw new IllegalArgumentException("virtual shoppers only go to loopback, not " + shop);
        }
        if (products.isEmpty()) {
            throw new IllegalArgumentException("the shop lists no products, so shoppers cannot shop");
        }
        LoadRun run = new LoadRun(profiles.size(), requestTimeout);
        ObjectMapper json = new ObjectMapper();
        for (ShopperProfile profile : profiles) {
            ShopClient client = new ShopClient(shop, requestTimeout, run.httpExecutor, json, observations);
            VirtualShopper shopper = new VirtualShopper(profile, client, observations, products, run.stop, log);
            Thread thread = new Thread(shopper, "shopper-" + profile.index());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> run.failure.compareAndSet(null, e));
            run.threads.add(thread);
        }
        run.threads.forEach(Thread::start);
        return run;
    }

    /**
     * Stops every shopper after its current request and waits for them: a request in flight is answered (within
     * the request timeout) and counted, as the shop and the balancer count it, rather than cut off. A shopper still
     * busy after the timeout and 5 s more is interrupted.
     *
     * @throws IllegalStateException if a shopper died of a bug: its numbers would be missing from the run
     */
    @Override
    public void close() {
        stop.countDown();
        long deadline = System.nanoTime() + requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            for (Thread thread : threads) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
        }
        httpExecutor.shutdownNow();
        Throwable first = failure.get();
        if (first != null) {
            throw new IllegalStateException("a virtual shopper failed: " + first, first);
        }
    }
}
