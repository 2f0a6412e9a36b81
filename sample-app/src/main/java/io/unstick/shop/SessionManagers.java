package io.unstick.shop;

import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardManager;

/** Chooses the node's Tomcat session manager from the mode: the one place where the mode matters to a node. */
final class SessionManagers {

    private SessionManagers() {
    }

    static Manager forConfig(ShopConfig config) {
        return switch (config.mode()) {
            case STICKY -> inMemory();
            case SHARED, HYBRID -> throw new IllegalStateException("UNSTICK_MODE=" + config.mode().label()
                    + " needs the Hazelcast session store, which this build does not include yet; use UNSTICK_MODE=sticky");
        };
    }

    /** Tomcat's own manager, with persistence across restarts turned off: in sticky mode a restart loses sessions. */
    private static Manager inMemory() {
        StandardManager manager = new StandardManager();
        manager.setPathname(null);
        return manager;
    }
}
