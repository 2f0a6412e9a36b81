package io.unstick.lab.bench.sessions;

import io.unstick.lab.stack.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap a set of nodes holds after a full collection: {@code jcmd <pid> GC.run} on each node the lab started,
 * then the sum of its {@code /metrics} {@code jvm_memory_used_bytes{area="heap",...}} (on the node's management port).
 */
final class HeapProbe {

    private final HttpClient http;

    HeapProbe(HttpClient http) {
        this.http = http;
    }

    long usedAfterGc(List<ManagedProcess> nodes) throws InterruptedException {
        long total = 0;
        for (ManagedProcess node : nodes) {
            collect(node);
            total += heapUsed(node);
        }
        return total;
    }

    private static void collect(ManagedProcess node) throws InterruptedException {
        long pid = node.pid().orElseThrow(() -> new IllegalStateException(node.name() + " is not running"));
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process gc = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
            String output = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " GC.run failed on " + node.name() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd + " (a JDK, not a JRE, runs the lab)", e);
        }
    }

    private long heapUsed(ManagedProcess node) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            String metrics = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return heapUsed(node.name(), metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + node.name() + "'s /metrics: " + e.getMessage(), e);
        }
    }

    /** Sums the heap pools' {@code jvm_memory_used_bytes} in a Prometheus scrape. */
    static long heapUsed(String node, String metrics) {
        double total = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException(node + "'s /metrics has no jvm_memory_used_bytes{area=\"heap\"}");
        }
        return (long) total;
    }
}
