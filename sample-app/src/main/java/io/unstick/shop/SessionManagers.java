package io.unstick.shop;

import io.unstick.session.HazelcastSessionManager;
import io.unstick.shop.peers.PeerManagers;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Manager;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardManager;

/**
 * Chooses the node's Tomcat session manager from the mode — or the peer that {@code UNSTICK_SESSION_MANAGER} names
 * instead — and installs it: the one place where the mode matters to a node.
 */
final class SessionManagers {

    private SessionManagers() {
    }

    static Manager install(ShopConfig config, Engine engine, Context context) {
        ManagerBase manager;
        if (config.peer() != null) {
            manager = PeerManagers.install(config.peer(), engine, context);
        } else {
            manager = switch (config.mode()) {
                case STICKY -> inMemory();
                case SHARED -> sessionStore(config, false);
                case HYBRID -> sessionStore(config, true);
            };
            context.setManager(manager);
        }
        // Look for expired sessions at every background run (10 s) instead of every sixth: with a one-minute timeout
        // for empty sessions, their memory should not wait another minute for the sweep.
        manager.setProcessExpiresFrequency(1);
        return manager;
    }

    /**
     * The Hazelcast session store: shared keeps no local copy (any node serves any request), hybrid keeps one
     * (reads stay local, writes go to the store).
     */
    private static ManagerBase sessionStore(ShopConfig config, boolean localCopy) {
        HazelcastSessionManager manager = new HazelcastSessionManager();
        manager.setTopology(config.hazelcastTopology());
        manager.setMembers(String.join(",", config.hazelcastMembersOrDefault()));
        manager.setMemberPort(config.hazelcastPort());
        manager.setLocalCache(localCopy);
        return manager;
    }

    /** Tomcat's own manager, with persistence across restarts turned off: in sticky mode a restart loses sessions. */
    private static ManagerBase inMemory() {
        StandardManager manager = new StandardManager();
        manager.setPathname(null);
        return manager;
    }
}
