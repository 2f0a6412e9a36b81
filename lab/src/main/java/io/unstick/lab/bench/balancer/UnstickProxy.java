package io.unstick.lab.bench.balancer;

import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The unstick balancer with one routing strategy: {@code UNSTICK_IO_THREADS=N} and a JVM that sees N processors.
 * With cookie routing, the load carries the affinity cookie the balancer issued to a first request.
 */
final class UnstickProxy implements ProxyUnderTest {

    /** A fixed key, so the cookie is valid for the whole run; the balancer is only reachable on loopback. */
    private static final String COOKIE_SECRET = "bench-balancer-secret-not-for-production";

    private final String routing;
    private ManagedProcess process;

    UnstickProxy(String routing) {
        this.routing = routing;
    }

    @Override
    public String name() {
        return "unstick-" + routing;
    }

    @Override
    public String description() {
        return "unstick balancer, UNSTICK_ROUTING=" + routing + ", UNSTICK_IO_THREADS=N, -XX:ActiveProcessorCount=N";
    }

    @Override
    public boolean jvm() {
        return true;
    }

    @Override
    public Optional<Long> start(ProcessSet processes, BenchBalancerSpec spec, CpuBudget budget) {
        List<String> backends = new ArrayList<>();
        for (int i = 0; i < Backends.COUNT; i++) {
            backends.add("node%d=http://127.0.0.1:%d".formatted(i + 1, spec.backendPort(i)));
        }
        List<String> java = new ArrayList<>(jvm(budget));
        java.addAll(List.of("-jar", spec.balancerJar().toString()));
        Map<String, String> env = Map.of(
                "UNSTICK_ROUTING", routing,
                "UNSTICK_IO_THREADS", String.valueOf(budget.threads()),
                "UNSTICK_PORT", String.valueOf(spec.proxyPort()),
                "UNSTICK_BIND_ADDRESS", "127.0.0.1",
                "UNSTICK_ADMIN_PORT", String.valueOf(spec.adminPort()),
                "UNSTICK_BACKENDS", String.join(",", backends),
                "UNSTICK_COOKIE_SECRET", COOKIE_SECRET,
                "UNSTICK_HEALTH_INTERVAL", "1s");
        process = processes.start(name() + "-" + budget.threads(), budget.pinProxy(java), env, spec.proxyPort());
        return process.pid();
    }

    @Override
    public Optional<String> cookie(BenchBalancerSpec spec) {
        if (!routing.equals("cookie")) {
            return Optional.empty();
        }
        HttpRequest first = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + spec.proxyPort() + "/"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(first, HttpResponse.BodyHandlers.discarding());
            return response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("UNSTICK_ROUTE="))
                    .map(c -> c.substring(0, c.contains(";") ? c.indexOf(';') : c.length()))
                    .findFirst()
                    .or(() -> {
                        throw new IllegalStateException("the balancer issued no UNSTICK_ROUTE cookie to a first request");
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot get an affinity cookie from the balancer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting an affinity cookie", e);
        }
    }

    @Override
    public void stop(ProcessSet processes) {
        if (process != null) {
            processes.stop(process);
        }
    }

    /** The java launcher of the JVM running the lab, with the balancer's flags for the budget (the ceiling fixture's too). */
    static List<String> jvm(CpuBudget budget) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=" + budget.threads(), "-Xms192m", "-Xmx192m", "-XX:+UseSerialGC");
    }
}
