package io.unstick.session;

/**
 * Whether a {@link HazelcastSessionManager} can serve sessions now: the answer for a readiness check (a load
 * balancer's active health check, Kubernetes' readiness probe), separate from liveness. Not ready while the manager
 * is not started, its Hazelcast member has not joined or its side of a split cluster lacks the quorum
 * ({@code minClusterSize}), its client is not connected, or the store did not answer its last probe within
 * {@code storeTimeoutMs}. Answered from this node's own state, without a remote call, so a probe may ask it as often
 * as it likes. Whether the cluster can lose a member now is another question, asked of every member:
 * {@link HazelcastSessionManager#isClusterSafe()}.
 *
 * <pre>{@code
 * SessionStoreReadiness readiness = ((HazelcastSessionManager) context.getManager()).getReadiness();
 * if (!readiness.ready()) {
 *     response.sendError(503, readiness.reason());   // e.g. "this node's member is in a minority: ..."
 * }
 * }</pre>
 * Also in JMX ({@code type=UnstickSessionStoreReadiness}) and, for a plain Tomcat, as {@link ReadinessValve}.
 *
 * @param ready  true when the node can serve sessions
 * @param reason why not, for an operator; null when ready
 */
public record SessionStoreReadiness(boolean ready, String reason) {
}
