package io.unstick.lab.compare.faults;

import java.time.Duration;

/**
 * Gives a restarted node's embedded Hazelcast member (or Tribes receiver) time to rejoin and the sessions time to
 * migrate back (or, for Tomcat's managers, to be transferred to it), before a rolling restart takes the next member
 * down. The shop exposes no cluster-safety signal (Hazelcast's
 * REST health endpoint is off in the session store's configuration), so this is a fixed wait and the run's
 * events say so, rather than claiming the cluster was checked.
 */
final class ClusterSettle {

    static final Duration SETTLE = Duration.ofSeconds(5);

    private ClusterSettle() {
    }

    /** @return the line for the run's events */
    static String await(String node) throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
        return node + ": waited " + SETTLE.toSeconds() + " s for the session store to settle"
                + " (the shop exposes no cluster-safety signal)";
    }
}
