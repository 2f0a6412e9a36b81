package io.unstick.spring.boot;

import io.unstick.session.HazelcastSessionManager;
import org.apache.catalina.LifecycleState;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The store's health as Actuator shows it, for either Boot line: UP while the Manager has started and runs its store
 * (its Hazelcast member joined, or its client connected), DOWN with the reason otherwise.
 *
 * <p>Seam: when the Manager gains its own readiness signal (member in the majority, store reachable in time), read it
 * in {@link #check} and pass its reason on; the two Boot adapters stay as they are.
 */
final class StoreHealth {

    record Result(boolean up, Map<String, Object> details) {
    }

    private final HazelcastSessionManager manager;

    StoreHealth(HazelcastSessionManager manager) {
        this.manager = manager;
    }

    Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topology", manager.getTopology());
        details.put("clusterName", manager.getClusterName());
        details.put("localCache", manager.getLocalCache());
        LifecycleState state = manager.getState();
        if (state != LifecycleState.STARTED) {
            details.put("reason", "the session manager is " + state.name().toLowerCase(Locale.ROOT));
            return new Result(false, details);
        }
        if (manager.getNodeId() == null) {
            details.put("reason", "the session store is not running");
            return new Result(false, details);
        }
        details.put("node", manager.getNodeId());
        return new Result(true, details);
    }
}
