package io.unstick.spring.boot;

import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.SessionStoreReadiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's health as Actuator shows it, for either Boot line: the Manager's own readiness
 * ({@link HazelcastSessionManager#getReadiness()}: started, member joined and in the majority, store answering in
 * time), UP or DOWN with its reason, plus whether the cluster is safe (no migrations pending, so a node may stop).
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
        if (manager.getNodeId() != null) {
            details.put("node", manager.getNodeId());
        }
        SessionStoreReadiness readiness = manager.getReadiness();
        details.put("clusterSafe", manager.isClusterSafe());
        if (!readiness.ready()) {
            details.put("reason", readiness.reason());
        }
        return new Result(readiness.ready(), details);
    }
}
