package io.unstick.balancer.support;

import io.unstick.balancer.Balancer;
import io.unstick.balancer.config.BalancerConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real balancer on ephemeral loopback ports in front of real {@link TestBackend}s, built from the same
 * environment variables production reads, with health checks fast enough for tests.
 */
public final class BalancerFixture implements AutoCloseable {

    public final List<TestBackend> backends;
    public final Balancer balancer;

    private BalancerFixture(List<TestBackend> backends, Balancer balancer) {
        this.backends = backends;
        this.balancer = balancer;
    }

    /** Starts {@code nodes} backends named node1..nodeN and a balancer over them with these extra settings. */
    public static BalancerFixture start(int nodes, Map<String, String> env) {
        List<TestBackend> backends = java.util.stream.IntStream.rangeClosed(1, nodes)
                .mapToObj(i -> TestBackend.start("node" + i)).toList();
        Map<String, String> all = new HashMap<>();
        all.put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
        all.put("UNSTICK_PORT", "0");
        all.put("UNSTICK_ADMIN_PORT", "0");
        all.put("UNSTICK_BACKENDS", backends.stream().map(TestBackend::spec).collect(Collectors.joining(",")));
        all.put("UNSTICK_COOKIE_SECRET", "test-secret-0123456789abcdef");
        all.put("UNSTICK_HEALTH_INTERVAL", "100ms");
        all.put("UNSTICK_HEALTH_TIMEOUT", "500ms");
        all.put("UNSTICK_PASSIVE_BACKOFF", "200ms");
        all.put("UNSTICK_IO_THREADS", "2");
        String forwarder = System.getenv("UNSTICK_FORWARDER"); // the whole suite runs through either data path
        if (forwarder != null) {
            all.put("UNSTICK_FORWARDER", forwarder);
        }
        all.putAll(env);
        Balancer balancer = new Balancer(BalancerConfig.fromEnv(all)).start();
        return new BalancerFixture(backends, balancer);
    }

    public static BalancerFixture start(int nodes, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return start(nodes, env);
    }

    public String url() {
        return "http://127.0.0.1:" + balancer.port();
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + balancer.adminPort();
    }

    /** Waits, at most 30 s, until the backends together counted {@code hits} requests to {@code path}. */
    public void awaitHits(String path, int hits) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hits(path) < hits && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(hits(path)).as(path).isEqualTo(hits);
    }

    private int hits(String path) {
        return backends.stream().mapToInt(b -> b.hits(path)).sum();
    }

    public TestBackend backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        balancer.close();
        backends.forEach(TestBackend::close);
    }

    @Override
    public String toString() {
        return "balancer on " + url() + " over " + Arrays.toString(backends.stream().map(TestBackend::spec).toArray());
    }
}
