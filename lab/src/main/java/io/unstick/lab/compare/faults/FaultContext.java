package io.unstick.lab.compare.faults;

import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.Variant;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a fault acts on and where it writes down what it did.
 *
 * @param stack        the running stack (kill, stop, start nodes)
 * @param balancer     the balancer's admin API (drain, enable, states)
 * @param variant      the stack's mode or peer; rolling restarts wait for the nodes' cluster only when there is one
 * @param victim       the node a single-node fault hits
 * @param drainTimeout how long a drain may wait for bound clients to reach zero before the node is stopped anyway
 * @param startTimeout how long a restarted node may take to be healthy
 * @param events       receives one line per action, stamped with the run's time by the receiver
 */
public record FaultContext(LocalStack stack, BalancerAdmin balancer, Variant variant, String victim,
                           Duration drainTimeout, Duration startTimeout, Consumer<String> events) {

    /** Writes one line into the run's events, stamped with the run's time. */
    public void event(String what) {
        events.accept(what);
    }

    /**
     * Drains a node and waits for its bound clients to reach zero, at most {@link #drainTimeout()}.
     *
     * @return the clients still bound when the wait ended
     */
    long drain(String node) throws InterruptedException {
        balancer.drain(node);
        long bound = balancer.node(node).boundClients();
        event(node + " draining (" + bound + " bound clients)");
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (bound > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            bound = balancer.node(node).boundClients();
        }
        event(bound == 0 ? node + " drained (0 bound clients)"
                : node + " drain timed out after " + drainTimeout.toSeconds() + " s with " + bound + " bound clients");
        return bound;
    }
}
