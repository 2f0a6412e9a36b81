package io.unstick.shop.health;

import io.unstick.session.HazelcastSessionManager;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Manager;

import java.util.Locale;

/**
 * What a node's Tomcat session manager can tell about serving sessions.
 *
 * <ul>
 *   <li>Tomcat's own managers (sticky; delta): sessions live in this JVM, so the node is ready once its manager has
 *       started.</li>
 *   <li>The session store (shared, hybrid): see {@link #sessionStore}, the one place where its signal is read.</li>
 * </ul>
 */
public final class SessionManagerReadiness {

    private SessionManagerReadiness() {
    }

    public static Readiness of(Manager manager) {
        if (manager instanceof HazelcastSessionManager store) {
            return () -> sessionStore(store);
        }
        return () -> started(manager);
    }

    /**
     * The session store's readiness. Today the manager offers no more than its Tomcat lifecycle: started means its
     * Hazelcast instance came up (the embedded member ran its join, or the client connected) and it is not stopping.
     *
     * <p>Seam: when {@link HazelcastSessionManager} gains its own readiness signal (member joined, the quorum present,
     * the store reachable within its timeout), ask it here and pass its reason on; nothing else in the shop changes.
     */
    static Readiness.Status sessionStore(HazelcastSessionManager store) {
        Readiness.Status lifecycle = started(store);
        if (!lifecycle.ready()) {
            return lifecycle;
        }
        return store.getNodeId() != null ? Readiness.Status.up()
                : Readiness.Status.down("the session store is not running");
    }

    private static Readiness.Status started(Manager manager) {
        LifecycleState state = manager instanceof Lifecycle lifecycle ? lifecycle.getState()
                : LifecycleState.STARTED;
        return state == LifecycleState.STARTED ? Readiness.Status.up()
                : Readiness.Status.down("the session manager is " + state.name().toLowerCase(Locale.ROOT));
    }
}
