package io.unstick.lab.compare.faults;

import io.unstick.lab.stack.ManagedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Waits, once a restarted node is back, until the session store says the next node may go: every running node's
 * management {@code /health} answers {@code UP} with {@code "clusterSafe": true} — its member is on the majority
 * side and every partition's backups are in sync (Hazelcast's {@code PartitionService.isClusterSafe}), so stopping
 * one more member loses no session. A node that is alone in a cluster of its own is safe by Hazelcast's measure but
 * not {@code UP} (it is in a minority), so both are asked.
 *
 * <p>Bounded by a deadline (the run's {@code --timeout}): a cluster that does not get safe in time is written into
 * the run's events and the log with what each node said last, and the rolling restart goes on, as a deployment
 * script would after its timeout — the report then shows what that cost.
 */
final class ClusterSafeWait implements SettleWait {

    private static final Logger log = LoggerFactory.getLogger(ClusterSafeWait.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final NodeHealthReader health;

    ClusterSafeWait(NodeHealthReader health) {
        this.health = health;
    }

    @Override
    public String await(FaultContext context, String node) throws InterruptedException {
        Waited waited = awaitSafe(() -> runningNodes(context), context.startTimeout(), node);
        if (waited.safe()) {
            log.info("{}: {}", context.variant().label(), waited.line());
        } else {
            log.warn("{}: {}", context.variant().label(), waited.line());
        }
        return waited.line();
    }

    /** How a wait ended, and the line for the run's events. */
    record Waited(boolean safe, String line) {
    }

    /**
     * @param running the running nodes' management ports by name, asked again at every poll (a node may die)
     */
    Waited awaitSafe(Supplier<Map<String, Integer>> running, Duration limit, String node) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<String> unsafe = unsafeNodes(running.get());
        while (!unsafe.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            unsafe = unsafeNodes(running.get());
        }
        long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return unsafe.isEmpty()
                ? new Waited(true, node + ": the session store's cluster was safe (every node UP, every backup in sync)"
                        + " after " + waitedMs + " ms")
                : new Waited(false, node + ": the session store's cluster was NOT safe after " + limit.toSeconds()
                        + " s (" + String.join("; ", unsafe) + "); the rolling restart goes on");
    }

    /** What keeps each node from being safe, one entry per such node; empty when all are safe. */
    private List<String> unsafeNodes(Map<String, Integer> nodes) {
        List<String> unsafe = new ArrayList<>();
        nodes.forEach((name, port) -> {
            NodeHealthReader.Health said = health.read(port);
            if (!said.safe()) {
                unsafe.add(name + " " + said.describe());
            }
        });
        return unsafe;
    }

    private static Map<String, Integer> runningNodes(FaultContext context) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ManagedProcess node : context.stack().nodes()) {
            if (node.isAlive()) {
                ports.put(node.name(), node.managementPort());
            }
        }
        return ports;
    }
}
