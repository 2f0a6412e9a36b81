package io.unstick.lab.compare.load;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private volatile boolean running = true;

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
            VirtualShopper shopper = new VirtualShopper(profile, client, observations, products, () -> run.running);
            Thread thread = new Thread(shopper, "shopper-" + profile.index());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> run.failure.compareAndSet(null, e));
            run.threads.add(thread);
        }
        run.threads.forEach(Thread::start);
        return run;
    }

    /**
     * Stops every shopper after its current request and waits for them.
     *
     * @throws IllegalStateException if a shopper died of a bug: its numbers would be missing from the run
     */
    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        httpExecutor.shutdownNow();
        Throwable first = failure.get();
        if (first != null) {
            throw new IllegalStateException("a virtual shopper failed: " + first, first);
        }
    }
}
