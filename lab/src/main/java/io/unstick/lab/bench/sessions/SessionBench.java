package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.Catalog;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.LocalStack;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs each variant in turn on its own stack of the same shape: the same fixed-rate cart load, then its capacity. */
public final class SessionBench {

    /** Not counted: the switch from the fixed rate to the closed loop fills connections and queues first. */
    private static final Duration MAX_LEAD_IN = Duration.ofSeconds(5);

    private final SessionBenchSpec spec;
    private final Artifacts artifacts;
    private final PrintStream out;

    public SessionBench(SessionBenchSpec spec, Artifacts artifacts, PrintStream out) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.out = out;
    }

    public List<VariantResult> run() throws InterruptedException {
        List<VariantResult> results = new ArrayList<>();
        for (Variant variant : spec.variants()) {
            out.printf("%s: starting %d node(s) and the balancer%n", variant.label(), spec.nodes());
            try (LocalStack stack = LocalStack.start(spec.stack(variant), artifacts, spec.startTimeout())) {
                out.printf("%s: %.0f req/s for %d s warm-up + %d s measured; then capacity: %d workers, closed loop,"
                        + " %d s%n", variant.label(), spec.rate(), spec.warmup().toSeconds(), spec.duration().toSeconds(),
                        spec.maxWorkers(), spec.maxDuration().toSeconds());
                results.add(measure(variant, stack));
            }
        }
        return results;
    }

    /**
     * The scale part: one shared-mode stack, filled step by step to each size of live sessions; after each step the
     * heap after a full GC and a fixed-rate cart load's latency.
     */
    public List<ScaleResult> runScale() throws InterruptedException {
        if (spec.scaleSizes().isEmpty()) {
            return List.of();
        }
        out.printf("scale: starting %d shared node(s) with %s heaps%n", spec.nodes(), spec.scaleHeap());
        List<ScaleResult> results = new ArrayList<>();
        ExecutorService executor = httpThreads();
        try (LocalStack stack = LocalStack.start(spec.scaleStack(), artifacts, spec.startTimeout())) {
            HttpClient http = client(executor);
            URI shop = URI.create("http://127.0.0.1:" + stack.spec().port() + "/");
            List<String> products = Catalog.productIds(http, shop, spec.requestTimeout());
            List<URI> nodes = stack.nodes().stream().map(node -> URI.create("http://127.0.0.1:" + node.httpPort() + "/")).toList();
            SessionPreload preload = new SessionPreload(http, nodes, products.get(0), spec.requestTimeout());
            HeapProbe heap = new HeapProbe(http);
            // Warm the stack first, so the baseline holds what the first requests allocate once (caches, buffers).
            CartClient client = new CartClient(shop, http, spec.requestTimeout());
            new FixedRateLoad(client, shoppers(products), spec.rate(), spec.requestTimeout())
                    .run(spec.warmup(), Duration.ofSeconds(1), FixedRateLoad.WindowListener.NONE);
            long emptyHeap = heap.usedAfterGc(stack.nodes());
            long loaded = 0;
            for (long size : spec.scaleSizes()) {
                long started = System.nanoTime();
                long failures = preload.create(size - loaded);
                double perSecond = (size - loaded) / Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                loaded = size;
                long used = heap.usedAfterGc(stack.nodes());
                out.printf("scale: %d sessions preloaded (%.0f/s, %d failed); %.0f req/s for %d s%n", size, perSecond,
                        failures, spec.rate(), spec.warmup().plus(spec.duration()).toSeconds());
                FixedRateLoad.Window window = new FixedRateLoad(client, shoppers(products), spec.rate(),
                        spec.requestTimeout()).run(spec.warmup(), spec.duration(), FixedRateLoad.WindowListener.NONE);
                results.add(new ScaleResult(size, Math.round(perSecond), failures,
                        ms(window.latency().getValueAtPercentile(50)), ms(window.latency().getValueAtPercentile(99)),
                        window.errorCount(), (double) (used - emptyHeap) / size));
            }
        } finally {
            executor.shutdownNow();
        }
        return results;
    }

    private VariantResult measure(Variant variant, LocalStack stack) throws InterruptedException {
        URI shop = URI.create("http://127.0.0.1:" + stack.spec().port() + "/");
        ExecutorService executor = httpThreads();
        try {
            HttpClient http = client(executor);
            List<CartShopper> shoppers = shoppers(Catalog.productIds(http, shop, spec.requestTimeout()));
            ClusterBytes bytes = new ClusterBytes(spec.memberPorts(variant));
            ByteWindow window = new ByteWindow(bytes);
            CartClient client = new CartClient(shop, http, spec.requestTimeout());
            FixedRateLoad.Window result = new FixedRateLoad(client, shoppers, spec.rate(), spec.requestTimeout())
                    .run(spec.warmup(), spec.duration(), window);
            CpuTimes cpu = CpuTimes.of(stack);
            MaxThroughputLoad.Result capacity = spec.maxDuration().isZero() ? null
                    : new MaxThroughputLoad(client, shoppers, spec.maxWorkers())
                            .run(min(MAX_LEAD_IN, spec.maxDuration()), spec.maxDuration(), cpu);
            return result(variant, result, window.sent(), capacity, cpu);
        } finally {
            executor.shutdownNow();
        }
    }

    private List<CartShopper> shoppers(List<String> products) {
        List<CartShopper> shoppers = new ArrayList<>();
        for (int i = 0; i < spec.shoppers(); i++) {
            shoppers.add(new CartShopper(products.get(i % products.size())));
        }
        return shoppers;
    }

    private HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(spec.requestTimeout()).executor(executor).build();
    }

    private static ExecutorService httpThreads() {
        return Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
    }

    private VariantResult result(Variant variant, FixedRateLoad.Window window, long clusterBytes,
                                 MaxThroughputLoad.Result capacity, CpuTimes cpu) {
        long answered = capacity == null ? 0 : capacity.ok() + capacity.errors();
        Histogram latency = window.latency();
        double seconds = window.measured().toMillis() / 1000.0;
        return new VariantResult(variant.label(), spec.rate(), window.sent(), window.ok(), window.errorCount(),
                window.errors(), window.ok() / seconds, ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                clusterBytes, window.sent() == 0 ? 0 : (double) clusterBytes / window.sent(),
                capacity == null ? Double.NaN : capacity.perSecond(), capacity == null ? 0 : capacity.errors(),
                cpu.stackMsPer(answered), cpu.loadMsPer(answered));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** Reads the member sockets' byte counters off the sending thread when the window opens, and when it closes. */
    private static final class ByteWindow implements FixedRateLoad.WindowListener {

        private final ClusterBytes bytes;
        private CompletableFuture<Long> before;
        private long sent;

        ByteWindow(ClusterBytes bytes) {
            this.bytes = bytes;
        }

        @Override
        public void opened() {
            before = CompletableFuture.supplyAsync(this::read);
        }

        @Override
        public void closed() throws InterruptedException {
            try {
                sent = bytes.sentSoFar() - before.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot count the bytes between nodes: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }

        long sent() {
            return sent;
        }

        private long read() {
            try {
                return bytes.sentSoFar();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while counting the bytes between nodes", e);
            }
        }
    }
}
