package io.unstick.session.internal.tomcat;

import org.apache.catalina.Session;

/** What the valve needs from the manager to take over sessions named with another node's route. */
public interface SessionRoutes {

    /** True when the id carries a route and this node has a different one. */
    boolean isForeign(String sessionId);

    /**
     * Loads the session from the store (never from a possibly stale local copy) under this node's route; null
     * when it no longer exists.
     */
    Session adopt(String sessionId);

    /** Drops this node's copy of a session the store no longer holds. */
    void forget(HazelcastSession session);
}
