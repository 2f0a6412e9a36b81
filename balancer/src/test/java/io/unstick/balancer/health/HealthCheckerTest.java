package io.unstick.balancer.health;

import io.unstick.balancer.config.BackendSpec;
import io.unstick.balancer.config.HealthSettings;
import io.unstick.balancer.node.BoundClients;
import io.unstick.balancer.node.HealthEvents;
import io.unstick.balancer.node.Node;
import io.unstick.balancer.node.NodeHealth;
import io.unstick.balancer.node.NodeRegistry;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The health checker against real backends on loopback. */
class HealthCheckerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * Probes reuse their threads. The JDK's {@code HttpClient.sendAsync} completes every response on the
     * {@code CompletableFuture} default pool, which starts a new thread per task when the common pool has one thread
     * (two CPUs or fewer: the machines a balancer is often given); that was one thread started per probe, forever.
     */
    @Test
    void probesStartNoThreadEachOnceWarm() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TestBackend a = TestBackend.start("a"); TestBackend b = TestBackend.start("b")) {
            List<String> outcomes = new CopyOnWriteArrayList<>();
            HealthSettings settings = new HealthSettings("/health/ready", Duration.ofMillis(20), Duration.ofSeconds(1),
                    2, 2, 3, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
            NodeRegistry registry = new NodeRegistry(spec -> new Node(spec, spec.name(), new NodeHealth(settings),
                    new BoundClients(60_000)));
            registry.add(BackendSpec.parse(a.spec()));
            registry.add(BackendSpec.parse(b.spec()));
            try (HealthChecker checker = new HealthChecker(registry, settings, new RecordingEvents(outcomes))) {
                checker.start();
                awaitProbes(outcomes, 10); // the pool and the client's connections are set up
                long startedBefore = threads.getTotalStartedThreadCount();
                int probesBefore = outcomes.size();
                awaitProbes(outcomes, probesBefore + 40);
                long started = threads.getTotalStartedThreadCount() - startedBefore;
                int probes = outcomes.size() - probesBefore;
                System.out.printf("%d probes, %d threads started (%d CPUs)%n", probes, started,
                        Runtime.getRuntime().availableProcessors());
                assertThat(started).as("threads started during %d probes", probes).isLessThan(probes / 4);
                assertThat(outcomes).containsOnly("a OK", "b OK");
            }
        }
    }

    /** A node that does not answer within the timeout fails its probes and does not hold up the other node's. */
    @Test
    void aSilentNodeFailsWithoutDelayingTheOthers() throws Exception {
        try (TestBackend a = TestBackend.start("a");
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            HealthSettings settings = new HealthSettings("/health/ready", Duration.ofMillis(50), Duration.ofMillis(500),
                    1, 1, 3, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
            NodeRegistry registry = new NodeRegistry(spec -> new Node(spec, spec.name(), new NodeHealth(settings),
                    new BoundClients(60_000)));
            registry.add(BackendSpec.parse(a.spec()));
            Node quiet = registry.add(BackendSpec.parse("quiet=http://127.0.0.1:" + silent.getLocalPort()));
            List<String> seen = new CopyOnWriteArrayList<>();
            HealthEvents events = new RecordingEvents(seen);
            try (HealthChecker checker = new HealthChecker(registry, settings, events)) {
                checker.start();
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (!(seen.contains("quiet FAILED") && count(seen, "a OK") >= 8) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                assertThat(seen).contains("quiet FAILED");
                // a's probes go on every 50 ms while quiet's wait 500 ms for their timeout
                int quietFailed = count(seen, "quiet FAILED");
                assertThat(count(seen, "a OK")).isGreaterThan(2 * quietFailed);
                assertThat(quiet.health().isUp()).isFalse();
            }
        }
    }

    private static int count(List<String> seen, String what) {
        return (int) seen.stream().filter(what::equals).count();
    }

    private static void awaitProbes(List<String> outcomes, int count) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (outcomes.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + outcomes.size() + " of " + count + " probes within " + DEADLINE);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Records each probe as "node RESULT". */
    private static final class RecordingEvents implements HealthEvents {
        private final List<String> seen;

        RecordingEvents(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void probed(Node node, NodeHealth.Probe result) {
            seen.add(node.name() + " " + result);
        }

        @Override
        public void transition(Node node, boolean up, NodeHealth.Cause cause) {
        }

        @Override
        public void passiveFailure(Node node) {
        }
    }
}
