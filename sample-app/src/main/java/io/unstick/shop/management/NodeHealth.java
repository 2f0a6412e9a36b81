package io.unstick.shop.management;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /health} on the management port: the readiness the balancer sees, and why, with what stands behind
 * it. Example: {@code {"status":"UP","node":"node1","mode":"shared","sessionManager":"HazelcastSessionManager",
 * "activeSessions":12}}.
 *
 * @param status         {@code UP} when ready, else {@code DOWN} (answered with 503)
 * @param reason         why it is DOWN; absent when UP
 * @param sessionManager the class of the node's Tomcat session manager
 * @param activeSessions the sessions the manager holds in this JVM (with the store: its local copies)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeHealth(String status, String node, String mode, String reason, String sessionManager,
                         int activeSessions) {
}
