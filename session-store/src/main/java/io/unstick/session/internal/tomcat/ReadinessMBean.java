package io.unstick.session.internal.tomcat;

/**
 * The session store's readiness in JMX ({@code <engine>:type=UnstickSessionStoreReadiness,host=...,context=...}):
 * attributes {@code Ready}, {@code Reason} and {@code ClusterSafe}. Public only because JMX reads it reflectively.
 */
public interface ReadinessMBean {

    boolean isReady();

    /** Why the node is not ready; empty when it is. */
    String getReason();

    /**
     * Every partition's backups are in sync: this member may leave without losing a session. Asks every member
     * ({@code HazelcastSessionManager.isClusterSafe}), unlike the other two.
     */
    boolean isClusterSafe();
}
