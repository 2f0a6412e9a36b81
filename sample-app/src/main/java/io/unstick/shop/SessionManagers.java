package io.unstick.shop;

import io.unstick.session.HazelcastSessionManager;
import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardManager;

/** Chooses the node's Tomcat session manager from the mode: the one place where the mode matters to a node. */
final class SessionManagers {

    private SessionManagers() {
    }

    static Manager forConfig(ShopConfig config) {
        return switch (config.mode()) {
            case STICKY -> config.deltaCluster() != null ? TribesDeltaCluster.deltaManager(config.deltaCluster()) : inMemory();
            case SHARED -> sessionStore(config, false);
            case HYBRID -> sessionStore(config, true);
        };
    }

    /**
     * The Hazelcast session store: shared keeps no local copy (any node serves any request), hybrid keeps one
     * (reads stay local, writes go to the store).
     */
    private static Manager sessionStore(ShopConfig config, boolean localCopy) {
        HazelcastSessionManager manager = new HazelcastSessionManager();
        manager.setTopology(config.hazelcastTopology());
        manager.setMembers(String.join(",", config.hazelcastMembersOrDefault()));
        manager.setMemberPort(config.hazelcastPort());
        manager.setLocalCache(localCopy);
        return manager;
    }

    /** Tomcat's own manager, with persistence across restarts turned off: in sticky mode a restart loses sessions. */
    private static Manager inMemory() {
        StandardManager manager = new StandardManager();
        manager.setPathname(null);
        return manager;
    }
}
