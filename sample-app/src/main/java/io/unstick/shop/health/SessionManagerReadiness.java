package io.unstick.shop.health;

import io.unstick.session.HazelcastSessionManager;
import io.unstick.session.SessionStoreReadiness;
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
     * The session store's own readiness: started, its member joined and on the majority side of the cluster (or its
     * client connected), and the store answering within its timeout; its reason is passed on as it is.
     */
    static Readiness.Status sessionStore(HazelcastSessionManager store) {
        Readiness.Status lifecycle = started(store);
        if (!lifecycle.ready()) {
            return lifecycle;
        }
        SessionStoreReadiness readiness = store.getReadiness();
        return readiness.ready() ? Readiness.Status.up() : Readiness.Status.down(readiness.reason());
    }

    private static Readiness.Status started(Manager manager) {
        LifecycleState state = manager instanceof Lifecycle lifecycle ? lifecycle.getState()
                : LifecycleState.STARTED;
        return state == LifecycleState.STARTED ? Readiness.Status.up()
                : Readiness.Status.down("the session manager is " + state.name().toLowerCase(Locale.ROOT));
    }
}
