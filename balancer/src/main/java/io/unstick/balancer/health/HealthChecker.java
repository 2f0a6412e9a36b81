package io.unstick.balancer.health;

import io.unstick.balancer.config.HealthSettings;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import io.unstick.balancer.node.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Active health checks: {@code GET <path>} (the node's readiness, {@code /health/ready}) on every node each
 * interval, off the IO threads. A 2xx within the timeout is a good probe, a 503 says the node is not ready (its reason
 * is logged), anything else failed; {@link io.unstick.balancer.node.NodeHealth} turns probes into UP/DOWN. A node
 * whose previous probe has not answered yet is not probed again.
 * <p>
 * Each probe waits for its answer on a thread of its own, kept from round to round, so a silent node delays no other
 * node's probe. Not {@code HttpClient.sendAsync}: it completes every response on the {@code CompletableFuture}
 * default pool, which starts a new thread per task when the common pool has one thread (two CPUs or fewer), i.e. a
 * thread started per probe, each taking the CPU from the proxy's IO thread.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final NodeRegistry registry;
    private final HealthSettings settings;
    private static final int MAX_LOGGED_REASON = 200;
    private static final long IDLE_PROBE_THREAD_MILLIS = 60_000;

    private final HealthEvents events;
    private final ScheduledExecutorService scheduler;
    /** At most one thread per node (one probe per node at a time); idle ones live past the next round. */
    private final ExecutorService probes;
    private final HttpClient http;
    private final Set<Node> probing = ConcurrentHashMap.newKeySet();

    /**
     * @param events told every probe's outcome and every state change, e.g. for metrics
     */
    public HealthChecker(NodeRegistry registry, HealthSettings settings, HealthEvents events) {
        this.registry = registry;
        this.settings = settings;
        this.events = events;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "unstick-health");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger probeThreads = new AtomicInteger();
        this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
                settings.interval().plus(settings.timeout()).toMillis() + IDLE_PROBE_THREAD_MILLIS, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "unstick-health-probe-" + probeThreads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(scheduler)
                .build();
    }

    public void start() {
        long interval = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::probeAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void probeAll() {
        try {
            for (Node node : registry.snapshot().nodes()) {
                if (probing.add(node)) {
                    probeOn(node);
                }
            }
        } catch (RuntimeException e) {
            // never let one bad round cancel the schedule
            log.error("health check round failed: {}", e.toString(), e);
        }
    }

    private void probeOn(Node node) {
        try {
            probes.execute(() -> {
                try {
                    probe(node);
                } catch (RuntimeException e) {
                    log.error("health probe of node {} failed: {}", node.name(), e.toString());
                } finally {
                    probing.remove(node);
                }
            });
        } catch (RejectedExecutionException e) {
            probing.remove(node);
            if (!probes.isShutdown()) {
                throw e;
            } // closing while a round runs: nothing to report
        }
    }

    private void probe(Node node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url().toString().replaceAll("/+$", "") + settings.path()))
                .timeout(settings.timeout())
                .header("User-Agent", "unstick-balancer-health")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            record(node, NodeHealth.Probe.FAILED, e.toString());
            return;
        } catch (InterruptedException e) { // closing
            Thread.currentThread().interrupt();
            return;
        }
        NodeHealth.Probe result;
        String detail;
        if (response.statusCode() / 100 == 2) {
            result = NodeHealth.Probe.OK;
            detail = "status " + response.statusCode();
        } else {
            result = response.statusCode() == 503 ? NodeHealth.Probe.NOT_READY : NodeHealth.Probe.FAILED;
            // the node's reason, on one line (a body is the backend's text, not ours to log verbatim)
            String body = response.body() == null ? "" : response.body().replaceAll("\\p{Cntrl}", " ").strip();
            detail = "status " + response.statusCode() + (body.isEmpty() ? "" : " "
                    + (body.length() > MAX_LOGGED_REASON ? body.substring(0, MAX_LOGGED_REASON) + "..." : body));
        }
        record(node, result, detail);
    }

    private void record(Node node, NodeHealth.Probe result, String detail) {
        events.probed(node, result);
        NodeHealth.Cause change = node.health().recordProbe(result, System.currentTimeMillis());
        if (change == null) {
            return;
        }
        switch (change) {
            case PROBES_OK -> log.info("node {} is UP again ({} good health checks)", node.name(), settings.rise());
            case NOT_READY -> log.warn("node {} marked DOWN at once: not ready ({} {})", node.name(), settings.path(), detail);
            default -> log.warn("node {} marked DOWN after {} failed health checks: {}", node.name(), settings.fall(), detail);
        }
        events.transition(node, change == NodeHealth.Cause.PROBES_OK, change);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        probes.shutdownNow();
    }
}
