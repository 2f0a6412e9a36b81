package io.unstick.lab.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Measures the session flood of issue 14 (finding 3) for the note, not as a test: from one address, N cookieless
 * {@code POST /api/cart/items} through the balancer (each would start a session), while a normal shopper with its
 * cookie sets its cart's quantity every 50 ms; prints what each got (statuses, the shopper's p50/p99). Bounded: N requests,
 * C in flight, a deadline; loopback targets only. The heaps are read by the caller (the nodes are its processes).
 *
 * <pre>
 * java lab/src/test/java/io/unstick/lab/tools/CookielessFlood.java [balancerPort] [requests] [inFlight] [maxSeconds]
 * </pre>
 * Defaults: 8080, 100000 requests, 16 in flight, 300 s.
 */
public final class CookielessFlood {

    private static final String ADD = "{\"productId\":\"mug\",\"quantity\":1}";

    private CookielessFlood() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        long maxSeconds = args.length > 3 ? Long.parseLong(args[3]) : 300;
        URI base = URI.create("http://127.0.0.1:" + port);
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback targets only");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        HttpClient flooder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(); // no cookie handler: every request is cookieless
        Map<String, LongAdder> flooderGot = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Shopper shopper = new Shopper(base);
        Thread shopperThread = new Thread(() -> shopper.run(done), "shopper");
        shopperThread.start();
        Thread.sleep(3_000); // the shopper's baseline, before the flood
        shopper.floodStarts();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        for (int t = 0; t < inFlight; t++) {
            pool.execute(() -> {
                while (next.getAndIncrement() < requests && System.nanoTime() < deadline) {
                    flooderGot.computeIfAbsent(send(flooder, base), k -> new LongAdder()).increment();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(maxSeconds + 30, TimeUnit.SECONDS);
        long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        shopper.floodEnds();
        Thread.sleep(3_000);
        done.set(true);
        shopperThread.join();
        System.out.printf("flood: %d requests in %d ms from 127.0.0.1, %d in flight; load average %.2f%n",
                Math.min(next.get(), requests), floodMillis, inFlight,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("flooder got: " + new TreeMap<>(Map.copyOf(flooderGot)));
        shopper.report();
    }

    /** One cookieless cart add; its status, or the exception's class when it got no answer. */
    static String send(HttpClient client, URI base) {
        return status(client, HttpRequest.newBuilder(base.resolve("/api/cart/items")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ADD)).build(),
                response -> { });
    }

    /** Sends {@code request}; the status, or the exception's class for a request that got no answer. */
    static String status(HttpClient client, HttpRequest request, Consumer<HttpResponse<Void>> onResponse) {
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            onResponse.accept(response);
            return String.valueOf(response.statusCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A normal client: one session, a cart write every 50 ms, latencies and statuses before, during, after. */
    private static final class Shopper {
        private final URI base;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final Map<String, Phase> phases = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        private volatile String phase = "before";
        private String cookie;
        private int quantity;

        Shopper(URI base) {
            this.base = base;
        }

        void floodStarts() {
            phase = "during";
        }

        void floodEnds() {
            phase = "after";
        }

        void run(AtomicBoolean done) {
            while (!done.get()) {
                long start = System.nanoTime();
                String status = add();
                phases.computeIfAbsent(phase, k -> new Phase()).add(status, System.nanoTime() - start);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Sets the mug's quantity, 1..99 round and round: a write every time, never past the shop's 99 per line. */
        private String add() {
            quantity = quantity % 99 + 1;
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/cart/items/mug"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}"));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            return status(client, request.build(), response -> response.headers().allValues("Set-Cookie")
                    .forEach(set -> {
                        String pair = set.split(";", 2)[0];
                        if (pair.startsWith("JSESSIONID=") || pair.startsWith("UNSTICK_ROUTE=")) {
                            cookie = cookie == null ? pair : mergeCookie(cookie, pair);
                        }
                    }));
        }

        private static String mergeCookie(String cookies, String pair) {
            String name = pair.substring(0, pair.indexOf('=') + 1);
            List<String> kept = new ArrayList<>();
            for (String c : cookies.split("; ")) {
                if (!c.startsWith(name)) {
                    kept.add(c);
                }
            }
            kept.add(pair);
            return String.join("; ", kept);
        }

        void report() {
            phases.forEach((name, p) -> System.out.println("shopper " + name + ": " + p));
        }
    }

    private static final class Phase {
        private final Map<String, Integer> statuses = new TreeMap<>();
        private final List<Long> nanos = new ArrayList<>();

        synchronized void add(String status, long took) {
            statuses.merge(status, 1, Integer::sum);
            nanos.add(took);
        }

        @Override
        public synchronized String toString() {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.size() + " requests " + statuses + ", p50 " + millis(sorted, 0.50) + " ms, p99 "
                    + millis(sorted, 0.99) + " ms, max " + millis(sorted, 1.0) + " ms";
        }

        private static String millis(List<Long> sorted, double q) {
            if (sorted.isEmpty()) {
                return "-";
            }
            int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
            return String.format("%.1f", sorted.get(Math.max(0, i)) / 1e6);
        }
    }
}
