package io.unstick.balancer.health;

import io.unstick.balancer.config.HealthSettings;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Active health checks: {@code GET <path>} on every node each interval, off the IO threads, non-blocking
 * (one scheduler thread, asynchronous HTTP). A 2xx within the timeout is a good probe; {@link
 * io.unstick.balancer.node.NodeHealth} turns probes into UP/DOWN with fall/rise counting. A node whose
 * previous probe has not answered yet is not probed again.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final NodeRegistry registry;
    private final HealthSettings settings;
    private final BiConsumer<Node, Boolean> probeListener;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final Set<Node> probing = ConcurrentHashMap.newKeySet();

    /**
     * @param probeListener told every probe's outcome, e.g. for metrics
     */
    public HealthChecker(NodeRegistry registry, HealthSettings settings, BiConsumer<Node, Boolean> probeListener) {
        this.registry = registry;
        this.settings = settings;
        this.probeListener = probeListener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "unstick-health");
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
                    probe(node);
                }
            }
        } catch (RuntimeException e) {
            // never let one bad round cancel the schedule
            log.error("health check round failed: {}", e.toString(), e);
        }
    }

    private void probe(Node node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url().toString().replaceAll("/+$", "") + settings.path()))
                .timeout(settings.timeout())
                .header("User-Agent", "unstick-balancer-health")
                .GET()
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            probing.remove(node);
            boolean ok = error == null && response.statusCode() / 100 == 2;
            record(node, ok, error != null ? error.toString() : "status " + response.statusCode());
        });
    }

    private void record(Node node, boolean ok, String detail) {
        probeListener.accept(node, ok);
        int transition = node.health().recordProbe(ok, System.currentTimeMillis());
        if (transition > 0) {
            log.info("node {} is UP again ({} good health checks)", node.name(), settings.rise());
        } else if (transition < 0) {
            log.warn("node {} marked DOWN after {} failed health checks: {}", node.name(), settings.fall(), detail);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
