package io.unstick.session.tomcat;

import org.apache.catalina.Session;

import java.io.IOException;

/** What the valve needs from the manager to take over sessions named with another node's route. */
public interface SessionRoutes {

    /** True when the id carries a route and this node has a different one. */
    boolean isForeign(String sessionId);

    /** Loads the session and renames this node's copy with its own route; null when it no longer exists. */
    Session adopt(String sessionId) throws IOException;

    /** Drops this node's copy of a session the store no longer holds. */
    void forget(HazelcastSession session);
}
