package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.Catalog;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.SkippedVariant;
import io.unstick.lab.stack.Variant;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each variant in turn on its own stack of the same shape: for each workload the same fixed-rate load, then its
 * capacity. A variant whose program is missing here (the Redis peers without redis-server) is skipped with the reason.
 */
public final class SessionBench {

    /** Not counted: the switch from the fixed rate to the closed loop fills connections and queues first. */
    private static final Duration MAX_LEAD_IN = Duration.ofSeconds(5);
    /** The JIT compilers' share of the stack's CPU in a window above which the stack was not warm yet. */
    private static final double COLD_COMPILER_SHARE = 0.05;

    private final SessionBenchSpec spec;
    private final Artifacts artifacts;
    private final PrintStream out;

    public SessionBench(SessionBenchSpec spec, Artifacts artifacts, PrintStream out) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.out = out;
    }

    /**
     * What ran and what could not.
     *
     * @param runs     one per variant and workload, in order
     * @param managers each variant's label and the session manager its first node reported running
     * @param skipped  the variants this machine cannot run, with the reason
     */
    public record Measured(List<VariantResult> runs, Map<String, String> managers, List<SkippedVariant> skipped) {
    }

    /**
     * Round {@code round} (from 1) of several: odd rounds run the variants in the order given, even rounds in reverse,
     * so that no mode always runs first on a machine that drifts (a neighbour's load, the host's clock) during a run.
     */
    public Measured run(int round) throws InterruptedException {
        List<Variant> order = new ArrayList<>(spec.variants());
        if (round % 2 == 0) {
            Collections.reverse(order);
        }
        List<VariantResult> results = new ArrayList<>();
        List<SkippedVariant> skipped = new ArrayList<>();
        Map<String, String> managers = new LinkedHashMap<>();
        for (Variant variant : order) {
            Optional<SkippedVariant> missing = SkippedVariant.ifMissing(variant);
            if (missing.isPresent()) {
                out.println(missing.get().line());
                skipped.add(missing.get());
                continue;
            }
            out.printf("%s (%s): starting %d node(s) and the balancer%n", variant.label(), variant.description(),
                    spec.nodes());
            try (LocalStack stack = LocalStack.start(spec.stack(variant), artifacts, spec.startTimeout())) {
                String manager = managerOf(stack);
                managers.put(variant.label(), manager);
                out.printf("%s: the nodes run %s%n", variant.label(), manager);
                for (Workload workload : spec.workloads()) {
                    out.printf("%s/%s: %.0f req/s for %d s warm-up + %d s measured; then capacity: %d workers, closed"
                                    + " loop, %d s%n", variant.label(), workload.label(), spec.rate(),
                            spec.warmupBefore(workload).toSeconds(), spec.duration().toSeconds(), spec.maxWorkers(),
                            spec.maxDuration().toSeconds());
                    results.add(measure(variant, workload, stack));
                }
            }
        }
        return new Measured(results, managers, skipped);
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
        try (LocalStack stack = LocalStack.start(spec.scaleStack(), artifacts, spec.startTimeout());
             BenchClient client = new BenchClient(shop(stack), spec.requestTimeout())) {
            HttpClient http = client(executor);
            URI shop = shop(stack);
            List<String> products = Catalog.productIds(http, shop, spec.requestTimeout());
            List<URI> nodes = stack.nodes().stream().map(node -> URI.create("http://127.0.0.1:" + node.httpPort() + "/")).toList();
            SessionPreload preload = new SessionPreload(http, nodes, products.get(0), spec.requestTimeout());
            HeapProbe heap = new HeapProbe(http);
            // Warm the stack first, so the baseline holds what the first requests allocate once (caches, buffers).
            new FixedRateLoad(client, shoppers(Workload.CART, products), spec.rate(), spec.requestTimeout())
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
                FixedRateLoad.Window window = new FixedRateLoad(client, shoppers(Workload.CART, products), spec.rate(),
                        spec.requestTimeout()).run(spec.warmup(), spec.duration(), FixedRateLoad.WindowListener.NONE);
                warnIfLate("scale", window);
                results.add(new ScaleResult(size, Math.round(perSecond), failures,
                        ms(window.latency().getValueAtPercentile(50)), ms(window.latency().getValueAtPercentile(99)),
                        window.errorCount(), (double) (used - emptyHeap) / size));
            }
        } finally {
            executor.shutdownNow();
        }
        return results;
    }

    private String managerOf(LocalStack stack) throws InterruptedException {
        ExecutorService executor = httpThreads();
        try {
            return new ManagerProbe(client(executor), spec.requestTimeout()).managerOf(stack.nodes().get(0));
        } finally {
            executor.shutdownNow();
        }
    }

    private VariantResult measure(Variant variant, Workload workload, LocalStack stack) throws InterruptedException {
        URI shop = shop(stack);
        ExecutorService executor = httpThreads();
        try (BenchClient client = new BenchClient(shop, spec.requestTimeout())) {
            HttpClient http = client(executor);
            List<BenchShopper> shoppers = shoppers(workload, Catalog.productIds(http, shop, spec.requestTimeout()));
            FixedRateLoad.Window result;
            SocketTally.WindowBytes sent;
            String label = variant.label() + "/" + workload.label();
            try (ByteWindow window = new ByteWindow(new ClusterBytes(stack.spec().sessionTrafficPorts()), CpuTimes.of(stack))) {
                result = new FixedRateLoad(client, shoppers, spec.rate(), spec.requestTimeout())
                        .run(spec.warmupBefore(workload), spec.duration(), window);
                sent = window.sent();
                warnIfCold(label, "measured window", "its latency includes", window.cpu().compilerShare());
            }
            warnIfLate(label, result);
            CpuTimes cpu = CpuTimes.of(stack);
            MaxThroughputLoad.Result capacity = spec.maxDuration().isZero() ? null
                    : new MaxThroughputLoad(client, shoppers, spec.maxWorkers())
                            .run(min(MAX_LEAD_IN, spec.maxDuration()), spec.maxDuration(), cpu);
            if (capacity != null) {
                warnIfCold(label, "capacity window", "its capacity and CPU per request include", cpu.compilerShare());
            }
            return result(variant, workload, result, sent, capacity, cpu);
        } finally {
            executor.shutdownNow();
        }
    }

    /** The stack's front door: its balancer. */
    private static URI shop(LocalStack stack) {
        return URI.create("http://127.0.0.1:" + stack.spec().port() + "/");
    }

    private void warnIfLate(String what, FixedRateLoad.Window window) {
        if (window.late() > 0) {
            out.printf("%s: WARNING %s%n", what, window.lateWarning());
        }
    }

    /**
     * A stack whose JIT compilers still take a noticeable share of its CPU is not warm: on 2 CPUs, shared mode's C2
     * compilers were still busy 200 s into a run, and a 120 s warm-up measured it at 0.9 to 2.4 ms of CPU per request
     * from one run to the next (docs/BENCHMARKS.md, 2026-12-02 15:53).
     */
    private void warnIfCold(String what, String window, String figuresInclude, double compilerShare) {
        if (compilerShare > COLD_COMPILER_SHARE) {
            out.printf("%s: WARNING the JIT compilers used %.0f %% of the stack's CPU in the %s: the stack was still"
                    + " warming up, and %s the compiler's work (a longer --warmup helps)%n",
                    what, compilerShare * 100, window, figuresInclude);
        }
    }

    private List<BenchShopper> shoppers(Workload workload, List<String> products) {
        List<BenchShopper> shoppers = new ArrayList<>();
        for (int i = 0; i < spec.shoppers(); i++) {
            shoppers.add(new BenchShopper(workload, products.get(i % products.size())));
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

    private VariantResult result(Variant variant, Workload workload, FixedRateLoad.Window window, SocketTally.WindowBytes sent,
                                 MaxThroughputLoad.Result capacity, CpuTimes cpu) {
        long answered = capacity == null ? 0 : capacity.ok() + capacity.errors();
        Histogram latency = window.latency();
        double seconds = window.measured().toMillis() / 1000.0;
        return new VariantResult(variant.label(), workload.label(), spec.rate(), window.sent(), window.ok(), window.errorCount(),
                window.errors(), window.ok() / seconds, ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                ms(window.ownDelay().getValueAtPercentile(99)),
                sent.bytes(), window.sent() == 0 ? 0 : (double) sent.bytes() / window.sent(), sent.socketsOpened(),
                sent.socketsClosed(),
                capacity == null ? Double.NaN : capacity.perSecond(), capacity == null ? 0 : capacity.errors(),
                cpu.stackMsPer(answered), cpu.loadMsPer(answered));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /**
     * Samples the member sockets' byte counters off the sending thread when the window opens and every second in it,
     * and once more when it closes, so that sockets that open and close in the window are counted ({@link SocketTally});
     * and the stack's CPU times when it opens (off the sending thread too: reading every thread's times takes
     * milliseconds) and closes.
     */
    private static final class ByteWindow implements FixedRateLoad.WindowListener, AutoCloseable {

        private static final Duration EVERY = Duration.ofSeconds(1);

        private final ClusterBytes bytes;
        private final SocketTally tally = new SocketTally();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-bytes");
            thread.setDaemon(true);
            return thread;
        });
        private final CpuTimes cpu;
        private volatile RuntimeException failure;
        private volatile RuntimeException cpuFailure;

        ByteWindow(ClusterBytes bytes, CpuTimes cpu) {
            this.bytes = bytes;
            this.cpu = cpu;
        }

        @Override
        public void opened() {
            sampler.execute(() -> { // before the first sample: one thread runs them in turn
                try {
                    cpu.opened();
                } catch (RuntimeException e) {
                    cpuFailure = e;
                }
            });
            sampler.scheduleWithFixedDelay(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void closed() throws InterruptedException {
            sampler.shutdown(); // cancels the next sample; waits for one under way, so the last sample below is last
            if (!sampler.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cannot count the bytes between nodes: 'ss -tinHO' did not answer");
            }
            if (failure != null) {
                throw new IllegalStateException("cannot count the bytes between nodes: " + failure.getMessage(), failure);
            }
            if (cpuFailure != null) {
                throw new IllegalStateException("cannot read the stack's CPU times: " + cpuFailure.getMessage(), cpuFailure);
            }
            tally.add(bytes.sample());
            cpu.closed(); // after awaitTermination, so the sampler thread's opened() is seen here
        }

        SocketTally.WindowBytes sent() {
            return tally.count();
        }

        /** The stack's CPU times over the window, once it has closed. */
        CpuTimes cpu() {
            return cpu;
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }

        private void sample() {
            try {
                tally.add(bytes.sample());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                throw e; // no further samples
            }
        }
    }
}
