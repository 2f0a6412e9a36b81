package io.unstick.shop.peers;

import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.session.ManagerBase;

/** Installs a peer's session manager in the embedded Tomcat: the one place that knows how each peer is set up. */
public final class PeerManagers {

    private PeerManagers() {
    }

    /**
     * Gives the context the peer's manager, and whatever the peer needs around it (Tomcat's replication: a cluster
     * in the engine).
     */
    public static ManagerBase install(PeerManager peer, Engine engine, Context context) {
        if (peer instanceof TribesReplication tribes) {
            return TribesCluster.install(tribes, engine, context);
        }
        ManagerBase manager = RedissonManager.of((RedisSessions) peer);
        context.setManager(manager);
        return manager;
    }
}
