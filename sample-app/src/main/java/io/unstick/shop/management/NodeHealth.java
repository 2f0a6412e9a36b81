package io.unstick.shop.management;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /health} on the management port: the readiness the balancer sees, and why, with what stands behind
 * it. Example: {@code {"status":"UP","node":"node1","mode":"shared","sessionManager":"HazelcastSessionManager",
 * "activeSessions":12,"clusterSafe":true,"storeTimeoutMs":2000}}.
 *
 * @param status         {@code UP} when ready, else {@code DOWN} (answered with 503)
 * @param reason         why it is DOWN; absent when UP
 * @param sessionManager the class of the node's Tomcat session manager
 * @param activeSessions the sessions the manager holds in this JVM (with the store: its local copies)
 * @param clusterSafe    with the session store (embedded members): every partition's backups are in sync, so one
 *                       member may leave without losing a session, what a rolling restart waits for; absent otherwise
 * @param storeTimeoutMs with the session store: its {@code storeTimeoutMs}, the longest a request waits for it
 *                       before a 503 (what a load test or a balancer's backend timeout is measured against); absent
 *                       otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeHealth(String status, String node, String mode, String reason, String sessionManager,
                         int activeSessions, Boolean clusterSafe, Long storeTimeoutMs) {
}
