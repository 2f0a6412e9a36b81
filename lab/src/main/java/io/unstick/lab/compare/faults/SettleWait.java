package io.unstick.lab.compare.faults;

/**
 * How a rolling restart waits, once a node is back, before it takes the next one down ({@link ClusterSafeWait}:
 * until the session store's cluster is safe).
 */
@FunctionalInterface
public interface SettleWait {

    /**
     * Waits until the stack can lose the next node.
     *
     * @return the line for the run's events, saying what was waited for
     */
    String await(FaultContext context, String node) throws InterruptedException;
}
